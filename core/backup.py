"""Backup and restore of the database and the stored files (SEC-31).

An archive is one ``.tar.gz`` holding ``manifest.json`` (format, time, database engine, the
applied migrations and a SHA-256 per member), the database (``pg_dump`` custom format on
PostgreSQL, a consistent copy of the file on SQLite) and everything under ``MEDIA_ROOT``.
Restore checks every checksum and the migration state *before* it changes anything, then
replaces the database and the files; a damaged or foreign archive changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError

FORMAT = "engageqc-backup/1"
MANIFEST = "manifest.json"
PG_DUMP = "database.pgdump"
SQLITE_COPY = "database.sqlite3"
MEDIA = "media"


@dataclass(frozen=True)
class BackupResult:
    path: Path
    files: int
    size: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_env() -> dict[str, str]:
    db = connection.settings_dict
    env = {**os.environ, "PGDATABASE": str(db["NAME"])}
    for key, var in (("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"), ("HOST", "PGHOST")):
        if db.get(key):
            env[var] = str(db[key])
    if db.get("PORT"):
        env["PGPORT"] = str(db["PORT"])
    return env


def _run(args: list[str], env: dict[str, str]) -> None:
    tool = shutil.which(args[0])
    if tool is None:
        raise ApplicationError(
            _("%(tool)s is not installed; install the PostgreSQL client tools.") % {"tool": args[0]}
        )
    result = subprocess.run([tool, *args[1:]], env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise ApplicationError(
            _("%(tool)s failed: %(error)s") % {"tool": args[0], "error": result.stderr.strip()}
        )


def _applied_migrations() -> list[str]:
    recorder = MigrationRecorder(connection)
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def backup_create(output: Path) -> BackupResult:
    """Write an archive of the database and the stored files to ``output``."""
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="engageqc-backup-") as tmp:
        work = Path(tmp)
        if connection.vendor == "postgresql":
            database = work / PG_DUMP
            _run(["pg_dump", "--format=custom", "--no-owner", f"--file={database}"], _pg_env())
        elif connection.vendor == "sqlite":
            database = work / SQLITE_COPY
            connection.ensure_connection()
            target = sqlite3.connect(database)
            try:
                connection.connection.backup(target)  # a consistent copy while others write
            finally:
                target.close()
        else:
            raise ApplicationError(_("Backups support PostgreSQL and SQLite only."))
        checksums = {database.name: _sha256(database)}
        media_files = (
            sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []
        )
        for path in media_files:
            checksums[f"{MEDIA}/{path.relative_to(media_root).as_posix()}"] = _sha256(path)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": connection.vendor,
            "migrations": _applied_migrations(),
            "checksums": checksums,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(work / MANIFEST, arcname=MANIFEST)
            archive.add(database, arcname=database.name)
            for path in media_files:
                archive.add(path, arcname=f"{MEDIA}/{path.relative_to(media_root).as_posix()}")
        partial.replace(output)  # never leave a half-written archive under the real name
    return BackupResult(path=output, files=len(media_files), size=output.stat().st_size)


def _unpack_and_check(archive_path: Path, work: Path) -> dict[str, object]:
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(work, filter="data")  # refuses absolute paths, links out, devices
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise ApplicationError(
            _("This is not a readable backup archive: %(error)s") % {"error": exc}
        ) from exc
    try:
        manifest = json.loads((work / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise ApplicationError(_("The backup archive has no valid manifest.")) from exc
    if manifest.get("format") != FORMAT:
        raise ApplicationError(_("The backup archive has an unknown format."))
    if manifest.get("engine") != connection.vendor:
        raise ApplicationError(
            _("The backup was taken from %(theirs)s; this installation runs %(ours)s.")
            % {"theirs": manifest.get("engine"), "ours": connection.vendor}
        )
    checksums: dict[str, str] = manifest.get("checksums", {})
    present = {p.relative_to(work).as_posix() for p in work.rglob("*") if p.is_file()} - {MANIFEST}
    if present != set(checksums):
        raise ApplicationError(_("The backup archive's files do not match its manifest."))
    for name, expected in checksums.items():
        if _sha256(work / name) != expected:
            raise ApplicationError(
                _("The backup archive is damaged: %(name)s does not match its checksum.")
                % {"name": name}
            )
    ours = set(_applied_migrations())
    theirs = set(manifest.get("migrations", []))
    if theirs - ours:
        raise ApplicationError(
            _("The backup comes from a newer version of EngageQC; upgrade before restoring.")
        )
    return manifest


def _replace_media(source: Path) -> None:
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=".restore-", dir=media_root.parent))
    if source.exists():
        shutil.copytree(source, staged, dirs_exist_ok=True)
    old = media_root.with_name(media_root.name + ".before-restore")
    if old.exists():
        shutil.rmtree(old)
    if media_root.exists():
        media_root.rename(old)
    staged.rename(media_root)
    if old.exists():
        shutil.rmtree(old)


def backup_restore(archive_path: Path) -> dict[str, object]:
    """Replace the database and the stored files with the archive's. Everything is verified
    first; on a failure before the database step nothing has changed."""
    with tempfile.TemporaryDirectory(prefix="engageqc-restore-") as tmp:
        work = Path(tmp)
        manifest = _unpack_and_check(archive_path, work)
        if connection.vendor == "postgresql":
            connections.close_all()
            _run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    f"--dbname={connection.settings_dict['NAME']}",
                    str(work / PG_DUMP),
                ],
                _pg_env(),
            )
        else:
            connection.ensure_connection()
            source = sqlite3.connect(work / SQLITE_COPY)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
            connections.close_all()
        _replace_media(work / MEDIA)
    return manifest
