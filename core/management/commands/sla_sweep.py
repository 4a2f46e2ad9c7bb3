from django.core.management.base import BaseCommand

from core.sla.sweep import sla_sweep


class Command(BaseCommand):
    help = "Run one SLA sweep now: warnings, breaches and escalations that are due."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        result = sla_sweep()
        self.stdout.write(
            f"examined={result.examined} warned={result.warned} "
            f"breached={result.breached} escalated={result.escalated}"
        )
