"""The events a webhook endpoint can subscribe to. Payloads carry ids, codes and states only,
never personal data (PIPL): a receiver that needs more asks the API with its own token."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ENGAGEMENT_STAGE_CHANGED = "engagement.stage_changed"
REVIEW_SIGNED = "review.signed"
COMPLAINT_CREATED = "complaint.created"
COMPLAINT_STATUS_CHANGED = "complaint.status_changed"
KPI_BREACHED = "kpi.breached"
TEST = "webhook.test"

EVENT_TYPES = {
    ENGAGEMENT_STAGE_CHANGED: _("Engagement stage changed"),
    REVIEW_SIGNED: _("Review level signed"),
    COMPLAINT_CREATED: _("Complaint received"),
    COMPLAINT_STATUS_CHANGED: _("Complaint status changed"),
    KPI_BREACHED: _("Quality objective (KPI) breached"),
}
# What an admin may subscribe to; the test event goes to one endpoint on request only.
EVENT_CHOICES = list(EVENT_TYPES.items())
