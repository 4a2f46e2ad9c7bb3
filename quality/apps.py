from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "quality"
    verbose_name = _("Quality")

    def ready(self) -> None:
        # The release guard (ENG-10): no delivery while a deliverable has not passed review.
        from quality.services.reviews import register_release_guards

        register_release_guards()

    def seed_defaults(self) -> None:
        from quality.defaults import seed_review_levels

        seed_review_levels()

    def demo_seed(self, users: dict[str, Any]) -> None:
        from quality.demo import seed_review_demo

        seed_review_demo(users)
