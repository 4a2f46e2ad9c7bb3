"""The custom user: firm staff, or a client user bound to exactly one client organisation."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from staff.choices import Language, Role


class User(AbstractUser):
    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=Language.choices, default=Language.ZH_HANS
    )
    client = models.ForeignKey(
        "clients.Client",
        verbose_name=_("client organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("Set only for client users: the organisation whose portal they use."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(client__isnull=True)
                | models.Q(is_staff=False, is_superuser=False),
                name="%(app_label)s_%(class)s_client_users_are_not_staff",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    @property
    def is_client_user(self) -> bool:
        return self.client_id is not None

    @cached_property
    def roles(self) -> frozenset[str]:
        """Role names from the user's groups; a superuser holds every staff role."""
        if not self.is_active:
            return frozenset()
        if self.is_client_user:
            return frozenset({Role.CLIENT.value})
        if self.is_superuser:
            return frozenset(r.value for r in Role if r != Role.CLIENT)
        names = {g.name for g in self.groups.all()}
        return frozenset(r.value for r in Role if r.value in names)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))
