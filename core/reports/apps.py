from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "core.reports"
    label = "reports"
    verbose_name = _("Reports")

    def seed_defaults(self) -> None:
        from core.reports.models import ReportSettings

        ReportSettings.objects.get_or_create(pk=1)
