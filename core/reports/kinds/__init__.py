"""The report kinds. Each kind says who may request it (``authorise`` answers 404 for
"missing" and "forbidden" alike, SEC-2), what it is about, and gathers its data for the
template in a fixed number of queries. ``authorise`` runs when the report is requested and
again when its file is downloaded; ``gather`` runs in the worker."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from core.exceptions import ApplicationError, NotFoundError
from documents.choices import Confidentiality
from staff.models import User

if TYPE_CHECKING:
    from core.reports.models import ReportSettings


@dataclass
class Subject:
    """What a report is about, as authorised for one user."""

    label: str
    params: dict[str, Any]
    engagement_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class ReportSpec:
    kind: str = ""
    template: str = ""
    confidentiality: str = Confidentiality.CONFIDENTIAL
    needs_object = False  # the form asks for an object id
    needs_period = False  # the form asks for a period (start/end)
    needs_year = False

    def may_request(self, user: User) -> bool:
        """Whether the kind is offered to ``user`` at all (the form's list)."""
        return is_staff(user)

    def authorise(self, user: User, params: dict[str, Any]) -> Subject:
        raise NotImplementedError

    def title(self) -> str:
        raise NotImplementedError

    def period(self, params: dict[str, Any]) -> str:
        return ""

    def gather(
        self, params: dict[str, Any], requester: User, settings_row: ReportSettings
    ) -> dict[str, Any]:
        """The template's data; ``settings_row`` is the firm's report settings, read once
        per report."""
        raise NotImplementedError

    def parts(self, context: dict[str, Any]) -> list[PartSpec]:
        """The report as the documents it is rendered from: one, unless the kind splits a
        long report so that rendering memory stays bounded (core/reports/rendering.Part)."""
        return [PartSpec(self.template, context)]


@dataclass(frozen=True)
class PartSpec:
    template: str
    context: dict[str, Any]
    outline_depth: int = 0


REGISTRY: dict[str, ReportSpec] = {}


def register(spec: ReportSpec) -> ReportSpec:
    REGISTRY[spec.kind] = spec
    return spec


def spec_for(kind: str) -> ReportSpec:
    spec = REGISTRY.get(kind)
    if spec is None:
        raise ApplicationError(_("Unknown report kind."), extra={"kind": [kind]})
    return spec


def is_staff(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and not user.is_client_user and user.roles)


def not_found() -> NotFoundError:
    return NotFoundError(_("Not found."))


def object_id(params: dict[str, Any]) -> int:
    raw = params.get("object_id")
    try:
        value = int(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ApplicationError(
            _("Choose what the report is about."), extra={"object_id": [_("A number is required.")]}
        ) from None
    if not 0 < value < 2**62:
        raise not_found()
    return value


def iso_date(params: dict[str, Any], key: str) -> date:
    raw = params.get(key)
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        raise ApplicationError(
            _("Give dates as YYYY-MM-DD."), extra={key: [_("Give dates as YYYY-MM-DD.")]}
        ) from None


def _load() -> None:
    from core.reports.kinds import others, quality  # noqa: F401


_load()
