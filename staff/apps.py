from typing import Any

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "staff"
    verbose_name = _("Staff")

    def ready(self) -> None:
        from core.notifications.kinds import KINDS, Kind
        from staff import figures
        from staff.roles import sync_role_groups

        # Groups need the permissions of every app, which exist only after all migrations.
        post_migrate.connect(sync_role_groups, dispatch_uid="staff.sync_role_groups")
        # The engagement figures of the appraisal (STF-3); other apps register theirs.
        figures.register()
        KINDS.setdefault(
            "certificate_expiring",
            Kind(
                "certificate_expiring",
                _("Certificate expiring"),
                _("Certificate expires on %(date)s: %(certificate)s — %(person)s"),
            ),
        )

    def seed_defaults(self) -> None:
        """The settings row, process steps, default responsibility matrix, qualifications."""
        from staff.defaults import seed

        seed(global_apps)

    def demo_seed(self, users: dict[str, Any]) -> None:
        from staff.demo import seed_demo

        seed_demo(users)
