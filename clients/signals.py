"""Signals other apps connect to (cross-app side effects the clients app does not own).

``complaint_serious(sender=Complaint, complaint=<Complaint>)``
    Sent once, after commit, when a complaint is submitted or logged as serious, or is
    reclassified as serious (CRM-3). The quality app connects it to open a special
    investigation audit (QC-6).

``survey_low_score(sender=Survey, survey=<Survey>)``
    Sent once, after commit, when an answered survey's mean score is at or below the firm's
    low-score threshold (CRM-4). The quality app connects it to open an action (QC-13).

``complaint_created(sender=Complaint, complaint=<Complaint>)`` and
``complaint_status_changed(sender=Complaint, complaint=<Complaint>, from_status=<str>)``
    Sent inside the transaction that records or moves the complaint (CRM-3), so what a
    receiver writes commits or rolls back with it. Core's webhooks connect them.
"""

from django.dispatch import Signal

complaint_serious = Signal()
survey_low_score = Signal()
complaint_created = Signal()
complaint_status_changed = Signal()
