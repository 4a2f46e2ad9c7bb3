"""Signals the risk app sends for other apps.

``incident_reviewed`` — sent (after the transaction commits) when an incident is closed with
its post-incident review (RSK-5). The quality app opens its corrective and preventive actions
(QC-13) from it. Keyword arguments:

- ``sender``: the ``risk.models.Incident`` class
- ``incident``: the closed ``Incident`` (``root_cause``, ``lessons``, ``engagement``, …)
- ``improvements``: a list of dicts ``{"description": str, "owner_id": int | None,
  "due_date": "YYYY-MM-DD" | None}``, the improvement actions the review asked for
- ``actor``: the ``User`` who closed the review

Receivers must be idempotent (keyed on the incident id): a retried delivery may repeat it.
"""

from django.dispatch import Signal

incident_reviewed = Signal()
