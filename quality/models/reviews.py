"""Three-level review of deliverable versions (QC-1…QC-5, X-2, SEC-11…SEC-14).

A :class:`VersionReview` follows one immutable ``documents.DocumentVersion`` through the
firm's review levels (rows of :class:`ReviewLevel`, admin-editable). Each level keeps a record
sheet (:class:`LevelReview` with its :class:`Finding` rows) and ends with an electronic
:class:`Signature` whose hash binds the file bytes, the version's metadata and the findings,
chained to the previous level's signature. A defect found later (:class:`DefectReport`) is
traced to every signer who passed the version (:class:`Responsibility`, QC-4).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from quality.choices import (
    DefectSource,
    FindingSeverity,
    FindingStatus,
    LevelStatus,
    ReviewStatus,
    SignatureMeaning,
)
from staff.choices import Role

USER = settings.AUTH_USER_MODEL


class ReviewLevel(models.Model):
    """One level of the firm's review (QC-1, QC-5). Seeded with 校核/审核/审定 and the expert
    panel for major engagements; an admin may rename, re-role, add or deactivate levels."""

    position = models.PositiveSmallIntegerField(_("position"), unique=True)
    code = models.SlugField(_("code"), max_length=32, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=60)
    meaning = models.CharField(
        _("meaning of the signature"), max_length=20, choices=SignatureMeaning.choices
    )
    required_role = models.CharField(_("required role"), max_length=32, choices=Role.choices)
    major_only = models.BooleanField(
        _("major engagements only"),
        default=False,
        help_text=_("Set for the expert panel, which only major engagements add (QC-5)."),
    )
    prevails = models.BooleanField(
        _("opinion prevails"),
        default=False,
        help_text=_("A return at this level rejects the version whatever earlier levels signed."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review level")
        verbose_name_plural = _("review levels")
        ordering = ["position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(position__gte=1), name="%(app_label)s_%(class)s_position_positive"
            ),
            models.CheckConstraint(
                condition=Q(meaning__in=SignatureMeaning.values),
                name="%(app_label)s_%(class)s_meaning_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.name_zh if (get_language() or "").startswith("zh") else self.name_en


class VersionReview(models.Model):
    """The review of one deliverable version; a new version gets a new review (X-2)."""

    version = models.OneToOneField(
        "documents.DocumentVersion",
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="review",
    )
    document = models.ForeignKey(
        "documents.Document", verbose_name=_("document"), on_delete=models.PROTECT, related_name="+"
    )
    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name=_("engagement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    author = models.ForeignKey(
        USER, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.IN_REVIEW
    )
    current_position = models.PositiveSmallIntegerField(
        _("current level"), default=1, help_text=_("0 once the review is concluded.")
    )
    is_major = models.BooleanField(_("major engagement"), default=False)
    submitted_by = models.ForeignKey(
        USER, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    concluded_at = models.DateTimeField(_("concluded at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deliverable review")
        verbose_name_plural = _("deliverable reviews")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReviewStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version}"


class LevelReview(models.Model):
    """One level's review record sheet (校审记录单, QC-2) for one version."""

    review = models.ForeignKey(
        VersionReview, verbose_name=_("review"), on_delete=models.CASCADE, related_name="levels"
    )
    level = models.ForeignKey(
        ReviewLevel, verbose_name=_("level"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    required_role = models.CharField(_("required role"), max_length=32, choices=Role.choices)
    meaning = models.CharField(_("meaning"), max_length=20, choices=SignatureMeaning.choices)
    # The version's author, copied here so the database itself refuses self-review (QC-3).
    author = models.ForeignKey(
        USER, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    reviewer = models.ForeignKey(
        USER,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Set when a reviewer takes the level; the same person re-checks and signs."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=LevelStatus.choices, default=LevelStatus.WAITING
    )
    rounds = models.PositiveSmallIntegerField(_("times returned"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review record sheet")
        verbose_name_plural = _("review record sheets")
        ordering = ["review", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "position"], name="%(app_label)s_%(class)s_position_unique"
            ),
            # QC-3: one person at most one level of the same version.
            models.UniqueConstraint(
                fields=["review", "reviewer"],
                condition=Q(reviewer__isnull=False),
                name="%(app_label)s_%(class)s_one_level_per_person",
            ),
            # QC-3: nobody reviews their own work.
            models.CheckConstraint(
                condition=Q(reviewer__isnull=True) | ~Q(reviewer=F("author")),
                name="%(app_label)s_%(class)s_no_self_review",
            ),
            models.CheckConstraint(
                condition=Q(status__in=LevelStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review} · {self.level}"


class Finding(models.Model):
    """An issue a reviewer raised at a level; the author answers, the reviewer re-checks."""

    level_review = models.ForeignKey(
        LevelReview, verbose_name=_("level"), on_delete=models.CASCADE, related_name="findings"
    )
    location = models.CharField(_("location"), max_length=200)
    severity = models.CharField(_("severity"), max_length=10, choices=FindingSeverity.choices)
    description = models.TextField(_("description"))
    raised_by = models.ForeignKey(
        USER, verbose_name=_("raised by"), on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(_("raised at"))
    answer = models.TextField(_("author's answer"), blank=True)
    answered_by = models.ForeignKey(
        USER,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    recheck_note = models.TextField(_("re-check note"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["level_review", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(severity__in=FindingSeverity.values),
                name="%(app_label)s_%(class)s_severity_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=FindingStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.location}: {self.description[:40]}"


class Signature(models.Model):
    """An electronic signature of one level (X-2, SEC-11…SEC-13). Never changed or deleted:
    ``content_hash`` binds file bytes, version metadata and findings; ``record_hash`` chains it
    to the previous level's signature of the same version."""

    level_review = models.OneToOneField(
        LevelReview, verbose_name=_("level"), on_delete=models.PROTECT, related_name="signature"
    )
    version = models.ForeignKey(
        "documents.DocumentVersion",
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="review_signatures",
    )
    level = models.ForeignKey(
        ReviewLevel, verbose_name=_("level"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    signer = models.ForeignKey(
        USER, verbose_name=_("signer"), on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        USER, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    printed_name = models.CharField(_("printed name"), max_length=150)
    meaning = models.CharField(_("meaning"), max_length=20, choices=SignatureMeaning.choices)
    signed_at = models.DateTimeField(_("signed at (UTC)"))
    file_sha256 = models.CharField(_("file SHA-256"), max_length=64)
    content_hash = models.CharField(_("content hash"), max_length=64)
    previous = models.OneToOneField(
        "self",
        verbose_name=_("previous signature"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next",
    )
    previous_hash = models.CharField(_("previous signature hash"), max_length=64, blank=True)
    record_hash = models.CharField(_("signature hash"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("review signature")
        verbose_name_plural = _("review signatures")
        ordering = ["version", "position"]
        constraints = [
            # SEC-14: one signature per level of a version, whoever tries.
            models.UniqueConstraint(
                fields=["version", "position"], name="%(app_label)s_%(class)s_level_once"
            ),
            # QC-3: one person signs at most one level of the same version.
            models.UniqueConstraint(
                fields=["version", "signer"], name="%(app_label)s_%(class)s_one_level_per_signer"
            ),
            models.CheckConstraint(
                condition=~Q(signer=F("author")), name="%(app_label)s_%(class)s_no_self_review"
            ),
            # Levels in order (QC-1): only the first level starts a chain; every later one
            # links to the signature before it.
            models.CheckConstraint(
                condition=(Q(position=1) & Q(previous__isnull=True))
                | (Q(position__gt=1) & Q(previous__isnull=False)),
                name="%(app_label)s_%(class)s_levels_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.printed_name} · {self.get_meaning_display()} · {self.version}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("A signature is immutable.")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("A signature cannot be deleted.")


class DefectReport(models.Model):
    """A defect found in a version after it passed review (QC-4)."""

    version = models.ForeignKey(
        "documents.DocumentVersion",
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="defect_reports",
    )
    source = models.CharField(_("source"), max_length=12, choices=DefectSource.choices)
    location = models.CharField(_("location"), max_length=200, blank=True)
    description = models.TextField(_("description"))
    reported_by = models.ForeignKey(
        USER, verbose_name=_("reported by"), on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("defect report")
        verbose_name_plural = _("defect reports")
        ordering = ["-reported_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(source__in=DefectSource.values),
                name="%(app_label)s_%(class)s_source_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version}: {self.description[:40]}"


class Responsibility(models.Model):
    """A signer held responsible for a defect their level passed without raising (QC-4)."""

    defect = models.ForeignKey(
        DefectReport,
        verbose_name=_("defect"),
        on_delete=models.CASCADE,
        related_name="responsibilities",
    )
    signature = models.ForeignKey(
        Signature, verbose_name=_("signature"), on_delete=models.PROTECT, related_name="+"
    )
    signer = models.ForeignKey(
        USER, verbose_name=_("signer"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.ForeignKey(
        ReviewLevel, verbose_name=_("level"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("review responsibility")
        verbose_name_plural = _("review responsibilities")
        ordering = ["defect", "level__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["defect", "signer"], name="%(app_label)s_%(class)s_once_per_signer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.signer} · {self.defect}"
