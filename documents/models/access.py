"""Who may see what was released, who downloaded what, and the text of a version for search
(DOC-3, SEC-5)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentRelease(models.Model):
    """A version released to the client organisation of its engagement. Client users see only
    versions with a release for their organisation."""

    version = models.ForeignKey(
        "documents.DocumentVersion",
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="releases",
    )
    client = models.ForeignKey(
        "clients.Client", verbose_name=_("client"), on_delete=models.PROTECT, related_name="+"
    )
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("released by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    released_at = models.DateTimeField(_("released at"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("release to the client")
        verbose_name_plural = _("releases to the client")
        ordering = ["-released_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "client"], name="%(app_label)s_%(class)s_once_per_client"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} → {self.client}"


class DownloadLog(models.Model):
    """One row per file handed out (DOC-3). Written before the file is streamed."""

    class Channel(models.TextChoices):
        WEB = "web", _("Web page")
        API = "api", _("API")

    version = models.ForeignKey(
        "documents.DocumentVersion",
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="downloads",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("downloaded at"), auto_now_add=True, db_index=True)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("download")
        verbose_name_plural = _("download log")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.version} ↓ {self.user}"


class VersionText(models.Model):
    """Text extracted from a version's file in Celery, for search. Kept apart from the
    immutable version so extraction never touches it."""

    version = models.OneToOneField(
        "documents.DocumentVersion",
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="text",
        primary_key=True,
    )
    content = models.TextField(_("extracted text"), blank=True)
    method = models.CharField(_("extracted with"), max_length=20)
    extracted_at = models.DateTimeField(_("extracted at"), auto_now=True)

    class Meta:
        verbose_name = _("extracted text")
        verbose_name_plural = _("extracted texts")

    def __str__(self) -> str:
        return f"{self.version} ({self.method})"
