"""Models of the quality app."""

from quality.models.reviews import (
    DefectReport,
    Finding,
    LevelReview,
    Responsibility,
    ReviewLevel,
    Signature,
    VersionReview,
)

__all__ = [
    "DefectReport",
    "Finding",
    "LevelReview",
    "Responsibility",
    "ReviewLevel",
    "Signature",
    "VersionReview",
]
