from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from core.demo import DEMO_PASSWORD, demo_seed


class Command(BaseCommand):
    help = "Create (or refresh) the demo firm, clients, one user per role and engagements."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the logins.")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        users = demo_seed()
        self.stdout.write(self.style.SUCCESS(_("Demo data is in place.")))
        if options["quiet_logins"]:
            return
        self.stdout.write(_("Demo logins (password for all: %s):") % DEMO_PASSWORD)
        for spec in users:
            self.stdout.write(f"  {spec.username:<12} {spec.role.label}")
