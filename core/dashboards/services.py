"""Refreshing the precomputed monthly figures (P8). One grouped query per metric over the
recent months (the whole history when the table is empty), then one upsert per month.
Running it twice, or concurrently, gives the same rows."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from core.models import MonthlyFigure, SlaClock
from core.models.dashboards import FigureMetric

RECENT_MONTHS = 2


def month_start(day: date, back: int = 0) -> date:
    year, month = day.year, day.month - back
    while month < 1:
        month += 12
        year -= 1
    return date(year, month, 1)


def _since(metric: str, full: bool) -> datetime | None:
    if full or not MonthlyFigure.objects.filter(metric=metric).exists():
        return None
    start = month_start(timezone.localdate(), RECENT_MONTHS - 1)
    return timezone.make_aware(datetime.combine(start, datetime.min.time()))


def _rows(qs: QuerySet[Any], field: str, since: datetime | None, **aggregates: Any) -> list[dict]:
    if since is not None:
        qs = qs.filter(**{f"{field}__gte": since})
    return list(
        qs.filter(**{f"{field}__isnull": False})
        .annotate(month=TruncMonth(field))
        .order_by()
        .values("month")
        .annotate(**aggregates)
    )


def _store(metric: str, rows: list[dict], since: datetime | None) -> int:
    with transaction.atomic():
        stale = MonthlyFigure.objects.filter(metric=metric)
        if since is not None:
            stale = stale.filter(month__gte=timezone.localdate(since))
        months = set()
        for row in rows:
            month = row["month"]
            month = timezone.localtime(month).date() if isinstance(month, datetime) else month
            months.add(month)
            MonthlyFigure.objects.update_or_create(
                metric=metric,
                month=month,
                defaults={
                    "count": row.get("n") or 0,
                    "total": row.get("total") or 0,
                    "hits": row.get("hits") or 0,
                    "misses": row.get("misses") or 0,
                },
            )
        stale.exclude(month__in=months).delete()
    return len(rows)


def csat_refresh(*, full: bool = False) -> int:
    """Survey answers per month of the survey's answer: count, score sum, satisfied (CRM-4)."""
    from clients.models import SurveyAnswer
    from clients.models.settings import relations_settings

    satisfied_from = relations_settings().satisfied_from
    since = _since(FigureMetric.CSAT, full)
    rows = _rows(
        SurveyAnswer.objects.all(),
        "survey__answered_at",
        since,
        n=Count("id"),
        total=Sum("score"),
        hits=Count("id", filter=Q(score__gte=satisfied_from)),
    )
    return _store(FigureMetric.CSAT, rows, since)


def sla_refresh(*, full: bool = False) -> int:
    """SLA clocks per month of their due time: met on time (hits) and breached (misses)."""
    since = _since(FigureMetric.SLA, full)
    rows = _rows(
        SlaClock.objects.all(),
        "due_at",
        since,
        n=Count("id"),
        hits=Count("id", filter=Q(met_at__isnull=False, breached_at__isnull=True)),
        misses=Count("id", filter=Q(breached_at__isnull=False)),
    )
    return _store(FigureMetric.SLA, rows, since)


def engagements_refresh(*, full: bool = False) -> int:
    from engagements.models import Engagement

    since = _since(FigureMetric.ENGAGEMENTS, full)
    rows = _rows(Engagement.objects.all(), "created_at", since, n=Count("id"))
    return _store(FigureMetric.ENGAGEMENTS, rows, since)


def dashboard_figures_refresh(*, full: bool = False) -> dict[str, int]:
    return {
        "csat": csat_refresh(full=full),
        "sla": sla_refresh(full=full),
        "engagements": engagements_refresh(full=full),
    }


def months_back(count: int, today: date | None = None) -> list[date]:
    today = today or timezone.localdate()
    return [month_start(today, back) for back in range(count - 1, -1, -1)]
