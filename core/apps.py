from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_calendar(sender: AppConfig, **kwargs: Any) -> None:
    # Seeding (not a data migration) so that a newer chinesecalendar release adds its new
    # year on the next migrate, without a new migration of ours.
    from core.calendar.services import calendar_sync_from_package

    if sender.name == "core" and kwargs.get("plan") is not None:
        calendar_sync_from_package()


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        post_migrate.connect(_sync_calendar, sender=self, dispatch_uid="core.sync_calendar")
        # Each app declares its exportable lists in <app>/exports.py.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("exports")

        from core.webhooks import receivers

        receivers.connect()
