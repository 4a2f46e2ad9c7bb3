"""Signals the quality app sends for side effects outside its own flow.

``review_signed(sender=Signature, signature=<Signature>)``
    Sent inside the signing transaction when a review level is signed (QC-1, X-2).

``kpi_breached(sender=KpiBreach, breach=<KpiBreach>)``
    Sent inside the evaluation's transaction when a quality objective's breach opens (QC-12).

Receivers' writes commit or roll back with the change. Core's webhooks connect both.
"""

from django.dispatch import Signal

review_signed = Signal()
kpi_breached = Signal()
