from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "quality"
    verbose_name = _("Quality")

    def ready(self) -> None:
        # The release guard (ENG-10): no delivery while a deliverable has not passed review.
        from quality.audits_hooks import register_notification_kinds
        from quality.services.reviews import register_release_guards

        register_release_guards()
        register_notification_kinds()
        # Complaints, surveys, incidents, releases, KPIs, appraisals and early warnings.
        from quality.integrations import connect

        connect()

    def seed_defaults(self) -> None:
        from quality.audits_hooks import seed_audit_defaults
        from quality.defaults import seed_review_levels

        seed_review_levels()
        seed_audit_defaults()

    def demo_seed(self, users: dict[str, Any]) -> None:
        from quality.audits_hooks import demo_seed_audits
        from quality.demo import seed_review_demo

        seed_review_demo(users)
        demo_seed_audits(users)
