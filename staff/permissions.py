"""Who may see and change staff records. QA managers and administrators keep the records,
training, appraisals and conduct register; a person sees their own record; a line manager
appraises their reports. Another person's record answers 404 to anyone else (SEC-2)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from core.exceptions import ForbiddenError, NotFoundError
from staff.choices import Role
from staff.models import Appraisal, User

KEEPERS = (Role.ADMIN, Role.QA_MANAGER)


def is_keeper(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_role(*KEEPERS))


def require_keeper(actor: User) -> None:
    if not is_keeper(actor):
        raise ForbiddenError(_("Only a QA manager or an administrator can do this."))


def people_visible_to(user: User) -> QuerySet[User]:
    """Firm staff whose records ``user`` may open."""
    staff = User.objects.filter(client__isnull=True)
    if not user.is_authenticated or not user.is_active or user.is_client_user:
        return staff.none()
    if is_keeper(user):
        return staff
    return staff.filter(Q(pk=user.pk) | Q(staff_profile__manager_id=user.pk))


def access_person(user: User, pk: int) -> User:
    person = people_visible_to(user).filter(pk=pk).first()
    if person is None:
        raise NotFoundError(_("Person not found."))
    return person


def appraisals_visible_to(user: User) -> QuerySet[Appraisal]:
    return Appraisal.objects.filter(user__in=people_visible_to(user).values("pk"))


def can_appraise(actor: User, person: User) -> bool:
    """Keepers, and the person's line manager (never the person themselves)."""
    if actor.pk == person.pk:
        return False
    if is_keeper(actor):
        return True
    profile = getattr(person, "staff_profile", None)
    return profile is not None and profile.manager_id == actor.pk


def require_appraiser(actor: User, person: User) -> None:
    if not can_appraise(actor, person):
        raise ForbiddenError(
            _("Only the person's line manager, a QA manager or an administrator can do this.")
        )
