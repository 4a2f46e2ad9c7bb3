from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.backup import backup_create
from core.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Write one archive of the database and the stored files (restore with `restore`)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "output",
            nargs="?",
            help="Archive path (default: var/backups/engageqc-<UTC time>.tar.gz).",
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        from django.conf import settings

        output = options["output"] or str(
            Path(settings.VAR_DIR)
            / "backups"
            / f"engageqc-{timezone.now().strftime('%Y%m%dT%H%M%SZ')}.tar.gz"
        )
        try:
            result = backup_create(Path(output))
        except ApplicationError as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(
            _("Backup written to %(path)s (%(files)s files, %(size)s bytes).")
            % {"path": result.path, "files": result.files, "size": result.size}
        )
