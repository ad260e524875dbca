"""Online backup and restore of a SQLite instance: the database and the
upload folder in one `.tar.gz` file.

Archive layout (format 1):

    database.sqlite3     the database, copied with SQLite's backup API
    uploads/<name>       every file of UPLOAD_FOLDER
    manifest.json        {"format", "version", "created_at" (UTC, ISO 8601 with Z),
                          "alembic_revision", "file_count", "total_size",
                          "files": [{"path", "size", "sha256"}, ...]}

PostgreSQL instances are backed up with pg_dump instead (README, "Backups").
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import tarfile
import tempfile
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

FORMAT = "eplateforme-backup"
VERSION = 1
DATABASE_MEMBER = "database.sqlite3"
MANIFEST_MEMBER = "manifest.json"
UPLOADS_PREFIX = "uploads/"
# Stored names are random hex; temporary ".upload-*" files are never taken.
UPLOAD_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,127}")
BUSY_TIMEOUT_MS = 15_000
POSTGRES_REFUSAL = (
    "backup and restore handle SQLite only: back up PostgreSQL with pg_dump -Fc and "
    "restore it with pg_restore, and copy UPLOAD_FOLDER yourself (see the README, "
    "section \"Backups\")."
)


class BackupError(Exception):
    """A backup or restore refused or failed, with the message for the operator."""


@dataclass
class BackupReport:
    path: Path
    file_count: int
    total_size: int
    alembic_revision: str | None
    missing_uploads: list[str] = field(default_factory=list)


def sqlite_path(database_uri: str) -> Path:
    """The database file of a SQLite URI; BackupError for anything else."""
    from sqlalchemy.engine import make_url

    url = make_url(database_uri)
    if url.get_backend_name() != "sqlite":
        raise BackupError(POSTGRES_REFUSAL)
    if url.database in (None, "", ":memory:"):
        raise BackupError("an in-memory SQLite database cannot be backed up or restored.")
    return Path(url.database)


def backup(database: Path, upload_folder: Path, target: Path) -> BackupReport:
    """Write a consistent backup of `database` and `upload_folder` to `target`
    (a new file, or an existing directory that receives a dated file)."""
    if not database.is_file():
        raise BackupError(f"no database at {database}.")
    if target.is_dir():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = target / f"eplateforme-{stamp}.tar.gz"
    if target.exists():
        raise BackupError(f"{target} already exists; choose another name.")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".backup-", dir=target.parent) as work:
        snapshot = Path(work) / DATABASE_MEMBER
        _snapshot(database, snapshot)
        revision = _alembic_revision(snapshot)
        referenced = _referenced_uploads(snapshot)
        partial = Path(work) / "archive.tar.gz"
        files = []
        with tarfile.open(partial, "w:gz") as archive:
            files.append(_add(archive, snapshot, DATABASE_MEMBER))
            # Taken after the snapshot, so every file it references is already
            # on disk: uploads are written to a temporary name and renamed into
            # place before their row commits, and never modified in place.
            # A file removed in between (its row deleted after the snapshot)
            # is reported below; its download answers 404 after a restore.
            for path in sorted(_upload_files(upload_folder)):
                try:
                    files.append(_add(archive, path, UPLOADS_PREFIX + path.name))
                except FileNotFoundError:
                    continue
            manifest = _manifest(files, revision)
            _add_bytes(archive, MANIFEST_MEMBER, json.dumps(manifest, indent=2).encode())
        os.replace(partial, target)
    archived = {entry["path"].removeprefix(UPLOADS_PREFIX) for entry in files}
    return BackupReport(target, manifest["file_count"], manifest["total_size"], revision,
                        sorted(referenced - archived))


def _snapshot(database: Path, copy: Path) -> None:
    """Copy the live database with the backup API, in one step: one read
    transaction, so the copy is the state of one instant even while writers
    go on (WAL lets them). The copy is checked before it is used."""
    with closing(sqlite3.connect(database)) as source, \
            closing(sqlite3.connect(copy)) as destination:
        source.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        source.backup(destination)
        # One self-contained file in the archive (the app turns WAL back on).
        destination.execute("PRAGMA journal_mode = DELETE")
    check_integrity(copy)


def check_integrity(database: Path) -> None:
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as connection:
        try:
            result = connection.execute("PRAGMA integrity_check").fetchall()
        except sqlite3.DatabaseError as error:
            raise BackupError(f"the database copy is not valid: {error}.") from error
    if result != [("ok",)]:
        details = "; ".join(str(row[0]) for row in result[:5])
        raise BackupError(f"integrity check of the database copy failed: {details}")


def _alembic_revision(database: Path) -> str | None:
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as connection:
        try:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.OperationalError:
            return None  # created without migrations (tests)
    return row[0] if row else None


def _referenced_uploads(database: Path) -> set[str]:
    """Stored names of every table with a `stored_name` column."""
    names: set[str] = set()
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as connection:
        tables = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            columns = {row[1] for row in connection.execute(
                f"PRAGMA table_info({_quoted(table)})")}
            if "stored_name" in columns:
                names.update(row[0] for row in connection.execute(
                    # Table names from sqlite_master, quoted as identifiers: no user input.
                    f"SELECT stored_name FROM {_quoted(table)}"  # noqa: S608  # nosec B608
                    " WHERE stored_name IS NOT NULL"))
    return names


def _upload_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return [path for path in folder.iterdir()
            if path.is_file() and not path.is_symlink() and UPLOAD_NAME.fullmatch(path.name)]


class _HashingReader:
    """Reads a file for tarfile while computing its SHA-256."""

    def __init__(self, handle):
        self.handle, self.sha256 = handle, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.sha256.update(data)
        return data


def _add(archive: tarfile.TarFile, path: Path, name: str) -> dict:
    # The open handle keeps the content even if the file is removed meanwhile.
    with path.open("rb") as handle:
        info = _tarinfo(name, os.fstat(handle.fileno()).st_size)
        reader = _HashingReader(handle)
        archive.addfile(info, reader)
    return {"path": name, "size": info.size, "sha256": reader.sha256.hexdigest()}


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    archive.addfile(_tarinfo(name, len(data)), io.BytesIO(data))


def _tarinfo(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mode = size, 0o600
    info.mtime = int(datetime.now(UTC).timestamp())
    return info


def _manifest(files: list[dict], revision: str | None) -> dict:
    return {
        "format": FORMAT,
        "version": VERSION,
        "created_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "alembic_revision": revision,
        "file_count": len(files),
        "total_size": sum(entry["size"] for entry in files),
        "files": files,
    }


def restore(archive_path: Path, database: Path, upload_folder: Path,
            force: bool = False) -> dict:
    """Check the archive (checksums, integrity) and install its database and
    uploads; refuses an instance that holds data unless `force`. Stop the
    web processes first. Returns the manifest."""
    if not archive_path.is_file():
        raise BackupError(f"no backup file at {archive_path}.")
    if not force and (_holds_data(database) or _upload_files(upload_folder)):
        raise BackupError(f"{database} or {upload_folder} already holds data; restore "
                          "into a fresh instance or add --force to replace it.")
    database.parent.mkdir(parents=True, exist_ok=True)
    upload_folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".restore-", dir=database.parent) as work:
        manifest = _extract_checked(archive_path, Path(work))
        extracted = Path(work) / DATABASE_MEMBER
        check_integrity(extracted)
        # Files first: once the database appears, everything it references exists.
        for entry in manifest["files"]:
            if entry["path"].startswith(UPLOADS_PREFIX):
                name = entry["path"].removeprefix(UPLOADS_PREFIX)
                shutil.move(Path(work) / "uploads" / name, upload_folder / name)
        # A stale write-ahead log would be replayed onto the restored file.
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        shutil.move(extracted, database)
    return manifest


def _holds_data(database: Path) -> bool:
    """Whether any table but Alembic's has a row."""
    if not database.exists():
        return False
    with closing(sqlite3.connect(database)) as connection:
        tables = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'")]
        return any(connection.execute(
            # Table names from sqlite_master, quoted as identifiers: no user input.
            f"SELECT 1 FROM {_quoted(table)} LIMIT 1").fetchone()  # noqa: S608  # nosec B608
            for table in tables)


def _quoted(table: str) -> str:
    """A table name read from sqlite_master, as an SQL identifier."""
    return '"' + table.replace('"', '""') + '"'


def _extract_checked(archive_path: Path, work: Path) -> dict:
    """Unpack the expected members only, and check them against the manifest."""
    (work / "uploads").mkdir()
    digests: dict[str, tuple[int, str]] = {}
    manifest = None
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            for member in archive:
                if not member.isfile() or not _expected_member(member.name):
                    raise BackupError(f"unexpected entry in the backup: {member.name!r}.")
                source = archive.extractfile(member)
                if member.name == MANIFEST_MEMBER:
                    manifest = json.loads(source.read(10 * 1024 * 1024))
                    continue
                digests[member.name] = _write_hashed(source, work / member.name)
    except (tarfile.TarError, OSError, EOFError, ValueError) as error:
        raise BackupError(f"{archive_path} is not a readable backup: {error}.") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{archive_path} has no e-plateforme manifest.")
    listed = {entry["path"]: (entry["size"], entry["sha256"]) for entry in manifest["files"]}
    if DATABASE_MEMBER not in listed:
        raise BackupError("the backup holds no database.")
    if listed.keys() != digests.keys():
        raise BackupError("the backup does not hold the files its manifest lists.")
    for name, expected in listed.items():
        if digests[name] != tuple(expected):
            raise BackupError(f"checksum mismatch for {name}: the backup is damaged.")
    return manifest


def _expected_member(name: str) -> bool:
    if name in (MANIFEST_MEMBER, DATABASE_MEMBER):
        return True
    return name.startswith(UPLOADS_PREFIX) and bool(
        UPLOAD_NAME.fullmatch(name.removeprefix(UPLOADS_PREFIX)))


def _write_hashed(source, path: Path) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    with path.open("wb") as target:
        while chunk := source.read(1024 * 1024):
            digest.update(chunk)
            size += len(chunk)
            target.write(chunk)
    return size, digest.hexdigest()
