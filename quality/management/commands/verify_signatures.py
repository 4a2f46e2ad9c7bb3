"""Re-compute every review signature chain; exit non-zero naming each broken record (SEC-13)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from quality.models import Signature
from quality.services.signatures import signatures_verify


class Command(BaseCommand):
    help = "Re-compute every review signature's hash chain and report records that changed."

    def handle(self, *args: Any, **options: Any) -> None:
        broken = signatures_verify()
        for row in broken:
            self.stderr.write(f"BROKEN {row.label}: {row.reason}")
        if broken:
            raise CommandError(f"{len(broken)} signature(s) no longer match what was signed.")
        self.stdout.write(f"{Signature.objects.count()} signature(s) verified, all intact.")
