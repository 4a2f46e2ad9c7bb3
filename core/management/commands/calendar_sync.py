from django.core.management.base import BaseCommand

from core.calendar.services import calendar_sync_from_package, uncovered_years


class Command(BaseCommand):
    help = "Add the official holidays and make-up working days from the chinesecalendar package."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        added = calendar_sync_from_package()
        self.stdout.write(f"added {added} days")
        missing = uncovered_years()
        if missing:
            self.stdout.write(
                self.style.WARNING(f"not covered yet: {', '.join(map(str, missing))}")
            )
