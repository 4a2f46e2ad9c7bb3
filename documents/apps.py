from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from documents.services.materials import materials_before_close, start_clocks_on_acceptance
        from engagements.choices import Stage
        from engagements.services.lifecycle import register_guard
        from engagements.signals import acceptance_passed

        register_guard(Stage.CLOSED, materials_before_close)
        acceptance_passed.connect(start_clocks_on_acceptance, dispatch_uid="documents.materials")

    def demo_seed(self, users: dict[str, Any]) -> None:
        from documents.demo import seed

        seed(users)
