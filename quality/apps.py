from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "quality"
    verbose_name = _("Quality")

    def ready(self) -> None:
        from quality.audits_hooks import register_notification_kinds

        register_notification_kinds()

    def seed_defaults(self) -> None:
        from quality.audits_hooks import seed_audit_defaults

        seed_audit_defaults()

    def demo_seed(self, users: dict) -> None:
        from quality.audits_hooks import demo_seed_audits

        demo_seed_audits(users)
