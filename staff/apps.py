from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "staff"
    verbose_name = _("Staff")

    def ready(self) -> None:
        from staff.roles import sync_role_groups

        # Groups need the permissions of every app, which exist only after all migrations.
        post_migrate.connect(sync_role_groups, dispatch_uid="staff.sync_role_groups")
