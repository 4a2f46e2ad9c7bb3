from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.backup import backup_restore
from core.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Replace the database and the stored files with those of a backup archive."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("archive", help="An archive written by `manage.py backup`.")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Confirm that the current data may be replaced.",
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        if not options["yes"]:
            raise CommandError(
                _("Restoring replaces all current data and files; run again with --yes.")
            )
        try:
            manifest = backup_restore(Path(options["archive"]))
        except ApplicationError as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(
            _("Restored the backup taken at %(time)s.") % {"time": manifest["created_at"]}
        )
