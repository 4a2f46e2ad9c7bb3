from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementsConfig(AppConfig):
    name = "engagements"
    verbose_name = _("Engagements")

    def ready(self) -> None:
        # Registers the delivery, acceptance and follow-up preconditions with the state machine.
        from engagements.services import closing  # noqa: F401
