"""Writes on users."""

from __future__ import annotations

from django.db import transaction

from core.exceptions import ApplicationError
from staff.choices import Language
from staff.models import User


@transaction.atomic
def user_set_language(*, user: User, language: str) -> User:
    if language not in Language.values:
        from django.utils.translation import gettext as _

        raise ApplicationError(_("Unsupported language."))
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user
