"""Signals for side effects in other apps.

``acceptance_passed(sender=AcceptanceRequest, request=<AcceptanceRequest>)``
    Sent after commit when the client passes an acceptance round (ENG-11). The clients app
    connects it to send the satisfaction surveys (CRM-4).

``acceptance_failed(sender=AcceptanceRequest, request=<AcceptanceRequest>)``
    Sent after commit when the client fails a round, with its reasons (ENG-11). The quality
    app connects it to open a corrective action (QC-13).

``stage_changed(sender=Engagement, engagement=<Engagement>, transition=<StageTransition>)``
    Sent inside the transaction of every stage move (ENG-1), so what a receiver writes
    commits or rolls back with the move. Core's webhooks connect it.
"""

from django.dispatch import Signal

acceptance_passed = Signal()
acceptance_failed = Signal()
stage_changed = Signal()
