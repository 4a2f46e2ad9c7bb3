"""Re-computation of every review signature chain (SEC-13): the file bytes, the version's
metadata and the findings are hashed again and compared with what was signed."""

from __future__ import annotations

from dataclasses import dataclass

from core.signoff import content_hash
from quality.models import Signature
from quality.services.reviews import file_sha256, record_hash, signed_content


@dataclass(frozen=True)
class BrokenSignature:
    signature_id: int
    label: str
    reason: str


def signatures_verify() -> list[BrokenSignature]:
    broken: list[BrokenSignature] = []
    rows = Signature.objects.select_related(
        "version", "version__document", "level_review", "level_review__level", "previous"
    ).order_by("version_id", "position")
    for sig in rows.iterator(chunk_size=500):
        label = f"signature #{sig.pk} ({sig.version.document.code} v{sig.version.number}, " + (
            f"level {sig.position}, {sig.printed_name})"
        )
        reasons: list[str] = []
        file_hash = file_sha256(sig.version)
        if file_hash != sig.file_sha256:
            reasons.append("file bytes changed or missing")
        if sig.version.sha256 != sig.file_sha256:
            reasons.append("version checksum changed")
        content = content_hash(
            signed_content(
                version=sig.version,
                file_hash=sig.file_sha256,
                level=sig.level_review,
                signer_id=sig.signer_id,
                printed_name=sig.printed_name,
                meaning=sig.meaning,
                signed_at=sig.signed_at,
            )
        )
        if content != sig.content_hash:
            reasons.append("signed content (metadata, findings or signature fields) changed")
        expected_previous = sig.previous.record_hash if sig.previous else ""
        if sig.previous_hash != expected_previous:
            reasons.append("chain broken: previous signature hash does not match")
        if sig.previous and (
            sig.previous.version_id != sig.version_id or sig.previous.position >= sig.position
        ):
            reasons.append("chain broken: previous signature is not the earlier level")
        if record_hash(sig.previous_hash, sig.content_hash) != sig.record_hash:
            reasons.append("signature hash does not match its content")
        if sig.level_review.position != sig.position or sig.level_review.meaning != sig.meaning:
            reasons.append("level record changed")
        if reasons:
            broken.append(BrokenSignature(sig.pk, label, "; ".join(reasons)))
    return broken
