"""`manage.py backup` / `restore` round-trip the database and the stored files (SEC-31)."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from clients.models import Client

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "documents" / "7").mkdir(parents=True)
    return Path(settings.MEDIA_ROOT)


def test_backup_and_restore_round_trip_database_and_files(media: Path, tmp_path: Path) -> None:
    # SEC-31
    Client.objects.create(code="kept", name="保留的客户")
    stored = media / "documents" / "7" / "report"
    stored.write_bytes(b"%PDF-1.7 original")
    archive = tmp_path / "out" / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    assert archive.exists() and not archive.with_name("backup.tar.gz.partial").exists()

    # Everything changes after the backup …
    Client.objects.filter(code="kept").delete()
    Client.objects.create(code="later", name="Later")
    stored.write_bytes(b"tampered")
    (media / "stray").write_bytes(b"added after the backup")

    out = io.StringIO()
    call_command("restore", str(archive), "--yes", stdout=out)

    # … and the restore brings back exactly the state of the backup.
    assert list(Client.objects.values_list("code", "name")) == [("kept", "保留的客户")]
    assert stored.read_bytes() == b"%PDF-1.7 original"
    assert not (media / "stray").exists()
    assert "Restored" in out.getvalue() or "已恢复" in out.getvalue()


def test_restore_needs_confirmation(media: Path, tmp_path: Path) -> None:
    # SEC-31: replacing all data is never a default.
    archive = tmp_path / "b.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive))


def test_a_damaged_archive_changes_nothing(media: Path, tmp_path: Path) -> None:
    # SEC-31: checksums are verified before anything is replaced.
    Client.objects.create(code="before", name="Before")
    (media / "documents" / "7" / "f").write_bytes(b"one")
    archive = tmp_path / "b.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())

    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive, "r:gz") as src, tarfile.open(damaged, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member)
            content = data.read() if data else b""
            if member.name == "media/documents/7/f":
                content = b"two"
            member.size = len(content)
            dst.addfile(member, io.BytesIO(content))

    Client.objects.create(code="after", name="After")
    with pytest.raises(CommandError, match="media/documents/7/f"):
        call_command("restore", str(damaged), "--yes")
    assert set(Client.objects.values_list("code", flat=True)) == {"before", "after"}
    assert (media / "documents" / "7" / "f").read_bytes() == b"one"


def test_a_file_that_is_not_an_archive_is_refused(media: Path, tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not a tar file")
    with pytest.raises(CommandError):
        call_command("restore", str(bogus), "--yes")
