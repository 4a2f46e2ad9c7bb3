from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from engagements.choices import Stage
        from engagements.services.lifecycle import register_guard

        from documents.services.materials import materials_before_close

        register_guard(Stage.CLOSED, materials_before_close)

    def demo_seed(self, users: dict) -> None:  # type: ignore[type-arg]
        from documents.demo import seed

        seed(users)
