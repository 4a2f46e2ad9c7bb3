"""The early-warning sweep (RSK-6). Each registered indicator is computed for all its scopes
in SQL; thresholds are read in one query; open warnings in one query. A crossing without an
open warning raises ONE warning and ONE notification (the partial unique constraint and the
notification's event key make repeats impossible, even for overlapping sweeps); a crossing
with an open warning only refreshes its latest value; an open warning whose indicator no
longer crosses is cleared, with time and value recorded."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.notifications.services import Event, notify_many
from engagements.models import Engagement
from risk.indicators import INDICATORS, Indicator
from risk.models import FIRM_SCOPE, EarlyWarning, IndicatorThreshold
from staff.choices import Role
from staff.models import User

logger = logging.getLogger("engageqc.risk")


@dataclass
class WarningSweepResult:
    evaluated: int = 0
    raised: int = 0
    cleared: int = 0


def scope_key(engagement_id: int | None) -> str:
    return FIRM_SCOPE if engagement_id is None else f"eng:{engagement_id}"


def _thresholds() -> dict[tuple[str, int | None], tuple[Decimal, bool]]:
    return {
        (t.indicator, t.engagement_id): (t.threshold, t.is_active)
        for t in IndicatorThreshold.objects.all()
    }


def threshold_for(
    indicator: Indicator,
    engagement_id: int | None,
    table: dict[tuple[str, int | None], tuple[Decimal, bool]],
    default: Decimal | None,
) -> Decimal | None:
    """The engagement's own row, else the firm's row, else the indicator's default;
    ``None`` when switched off for that scope."""
    for key in ((indicator.key, engagement_id), (indicator.key, None)):
        if key in table:
            threshold, active = table[key]
            return threshold if active else None
    return default


def _fmt(indicator: Indicator, value: Decimal) -> str:
    if indicator.percent:
        return f"{(value * 100).quantize(Decimal('0.1'))}%"
    return f"{value.normalize()}"


def early_warning_sweep(*, now: datetime | None = None) -> WarningSweepResult:
    now = now or timezone.now()
    result = WarningSweepResult()
    table = _thresholds()
    open_warnings = {
        (w.indicator, w.scope_key): w for w in EarlyWarning.objects.filter(cleared_at__isnull=True)
    }
    crossings: list[tuple[Indicator, int | None, Decimal, Decimal]] = []
    still: dict[int, Decimal] = {}
    cleared: list[tuple[Indicator, EarlyWarning, Decimal | None]] = []
    seen: set[tuple[str, str]] = set()
    for indicator in list(INDICATORS.values()):
        try:
            values = indicator.fn()
        except Exception:  # one broken indicator must not stop the others
            logger.exception("Early-warning indicator %s failed", indicator.key)
            continue
        default = indicator.default_threshold() if indicator.default_threshold else None
        for engagement_id, value in values.items():
            result.evaluated += 1
            threshold = threshold_for(indicator, engagement_id, table, default)
            key = (indicator.key, scope_key(engagement_id))
            if value is None or threshold is None or not indicator.crossed(value, threshold):
                continue
            seen.add(key)
            if key in open_warnings:
                still[open_warnings[key].pk] = value
            else:
                crossings.append((indicator, engagement_id, value, threshold))
        # Open warnings of this indicator that did not cross now have cleared.
        for (key_indicator, key_scope), warning in open_warnings.items():
            if key_indicator != indicator.key or (key_indicator, key_scope) in seen:
                continue
            engagement_id = warning.engagement_id
            value = values.get(engagement_id)
            _clear(warning, value, now)
            result.cleared += 1
            cleared.append((indicator, warning, value))
    if still:  # one statement, however many warnings are still open
        refreshed = [
            EarlyWarning(pk=pk, last_value=value, last_evaluated_at=now)
            for pk, value in still.items()
        ]
        EarlyWarning.objects.bulk_update(refreshed, ["last_value", "last_evaluated_at"])
    events = []
    for indicator, engagement_id, value, threshold in crossings:
        raised = _raise(indicator, engagement_id, value, threshold, now)
        if raised is None:
            continue  # an overlapping sweep raised it first
        result.raised += 1
        events.append(_event(indicator, raised, value, threshold))
    for indicator, warning, value in cleared:
        events.append(_event(indicator, warning, value, warning.threshold, cleared=True))
    if events:
        with transaction.atomic():
            notify_many(events)
    return result


def _clear(warning: EarlyWarning, value: Decimal | None, now: datetime) -> None:
    """Record the clearing (value ``None`` = the indicator has nothing to measure any more)."""
    EarlyWarning.objects.filter(pk=warning.pk, cleared_at__isnull=True).update(
        cleared_at=now, cleared_value=value, last_evaluated_at=now
    )


def _raise(
    indicator: Indicator,
    engagement_id: int | None,
    value: Decimal,
    threshold: Decimal,
    now: datetime,
) -> EarlyWarning | None:
    try:
        with transaction.atomic():
            return EarlyWarning.objects.create(
                indicator=indicator.key,
                engagement_id=engagement_id,
                scope_key=scope_key(engagement_id),
                value=value,
                threshold=threshold,
                last_value=value,
                raised_at=now,
                last_evaluated_at=now,
            )
    except IntegrityError:
        return None


def _recipients(engagement: Engagement | None) -> tuple[User, ...]:
    """The engagement's project manager; firm-wide warnings go to the QA managers."""
    if engagement is not None and engagement.project_manager is not None:
        return (engagement.project_manager,)
    return tuple(User.objects.filter(groups__name=Role.QA_MANAGER, is_active=True))


def _event(
    indicator: Indicator,
    warning: EarlyWarning,
    value: Decimal | None,
    threshold: Decimal,
    *,
    cleared: bool = False,
) -> Event:
    """The raising (``risk_warning``) or clearing (``risk_warning_cleared``) notification;
    each keyed on the warning, so it is sent once whatever the number of sweeps."""
    from django.urls import reverse

    engagement = (
        Engagement.objects.select_related("project_manager")
        .filter(pk=warning.engagement_id)
        .first()
        if warning.engagement_id
        else None
    )
    label = indicator.label
    from django.utils import translation

    names = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            names[language] = str(label)
    return Event(
        "risk_warning_cleared" if cleared else "risk_warning",
        f"risk:warning:{warning.pk}:{'cleared' if cleared else 'raised'}",
        _recipients(engagement),
        {
            "indicator": names,
            "value": _fmt(indicator, value) if value is not None else "—",
            "threshold": _fmt(indicator, threshold),
            "target": str(engagement) if engagement else {"zh-hans": "全所", "en": "Firm"},
        },
        reverse("risk:engagement", args=[engagement.pk]) if engagement else reverse("risk:index"),
    )


@transaction.atomic
def threshold_set(
    *,
    actor: User,
    indicator: str,
    engagement_id: int | None,
    threshold: Decimal,
    is_active: bool = True,
) -> IndicatorThreshold:
    """Set the firm's threshold (oversight roles) or one engagement's (its managers)."""
    from django.utils.translation import gettext as _

    from core.exceptions import ApplicationError, NotFoundError
    from risk import permissions as perms

    if indicator not in INDICATORS:
        raise ApplicationError(_("Unknown indicator."), extra={"indicator": [_("Unknown.")]})
    engagement = None
    if engagement_id is not None:
        engagement = Engagement.objects.filter(pk=engagement_id).first()
        if engagement is None:
            raise NotFoundError(_("Engagement not found."))
    perms.require_manage_scope(actor, engagement)
    row, _created = IndicatorThreshold.objects.select_for_update().get_or_create(
        indicator=indicator,
        engagement=engagement,
        defaults={"threshold": threshold, "is_active": is_active},
    )
    row.threshold, row.is_active = threshold, is_active
    row.save()
    return row
