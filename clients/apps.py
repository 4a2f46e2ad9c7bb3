from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClientsConfig(AppConfig):
    name = "clients"
    verbose_name = _("Clients")

    def ready(self) -> None:
        from clients.receivers import send_surveys_on_acceptance
        from engagements.signals import acceptance_passed

        acceptance_passed.connect(send_surveys_on_acceptance, dispatch_uid="clients.surveys")

    def seed_defaults(self) -> None:
        from django.apps import apps

        from clients.defaults import seed, seed_retention

        seed(apps)
        seed_retention(apps)

    def demo_seed(self, users: dict[str, Any]) -> None:
        from clients.demo import demo_seed

        demo_seed(users)
