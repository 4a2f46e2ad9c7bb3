from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskConfig(AppConfig):
    name = "risk"
    verbose_name = _("Risk")

    def ready(self) -> None:
        # Notification kinds of this app, and the two engagement KPIs as early-warning
        # indicators (RSK-6); other apps register theirs with ``register_indicator``.
        from risk import indicators, notifications  # noqa: F401

    def seed_defaults(self) -> None:
        """The matrix, levels, categories, checklists and plans of migration 0001."""
        from django.apps import apps

        from risk.defaults import seed

        seed(apps)

    def demo_seed(self, users: dict[str, Any]) -> None:
        from risk.demo import demo_seed

        demo_seed(users)
