"""`flask backup` and `flask restore` on real SQLite files: an online backup
taken while another thread writes restores into a working instance."""
from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import tarfile
import threading
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest
from flask_migrate import upgrade
from werkzeug.datastructures import FileStorage
from werkzeug.security import generate_password_hash

from app import create_app
from app.config import BASE_DIR
from app.extensions import db
from app.localtime import brussels_today
from app.models import (
    Annonce,
    AnnonceAttachment,
    AnnonceCategory,
    AnnonceKind,
    Institution,
    InstitutionKind,
    User,
    UserStatus,
    utcnow,
)
from tests.conftest import TEST_PASSWORD, AuthActions, IsolatedClient

PDF_BYTES = b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
EMAIL = "agent.backup@example.test"


def _instance(directory: Path, migrate: bool = False):
    directory.mkdir(parents=True, exist_ok=True)
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{directory / 'eplateforme.sqlite3'}",
        "UPLOAD_FOLDER": str(directory / "uploads"),
    })
    app.test_client_class = IsolatedClient
    if migrate:
        with app.app_context():
            upgrade(directory=str(BASE_DIR / "migrations"))
    return app


def _add_annonce(author: User, title: str) -> Annonce:
    from app.blueprints.annonces.search import refresh_search_text

    annonce = Annonce(institution=author.institution, author=author, contact=author,
                      kind=AnnonceKind.OFFRE, category=AnnonceCategory.PRET_MATERIEL,
                      title=title, body="Une remorque disponible en semaine.",
                      expires_on=brussels_today() + timedelta(days=60))
    db.session.add(annonce)
    db.session.flush()
    refresh_search_text(annonce)
    return annonce


def _seed(app) -> tuple[int, int]:
    """A member, an annonce with a PDF attachment; their ids."""
    from app.uploads import DOCUMENTS, MB, store_upload

    with app.app_context():
        institution = Institution(
            kind=InstitutionKind.COMMUNE, name="Commune de Sauvegarde",
            short_name="Sauvegarde", slug="sauvegarde", is_member=True,
            member_since=utcnow(), arrondissement="Arlon", is_reference=True)
        user = User(institution=institution, email=EMAIL, name="Agent Sauvegarde",
                    password_hash=generate_password_hash(TEST_PASSWORD),
                    status=UserStatus.ACTIVE, activated_at=utcnow())
        db.session.add_all([institution, user])
        annonce = _add_annonce(user, "Remorque à prêter")
        stored = store_upload(FileStorage(io.BytesIO(PDF_BYTES), filename="plan.pdf"),
                              DOCUMENTS, 5 * MB)
        attachment = AnnonceAttachment(annonce=annonce, original_name=stored.original_name,
                                       stored_name=stored.stored_name,
                                       content_type=stored.content_type, size=stored.size)
        db.session.add(attachment)
        db.session.commit()
        return annonce.id, attachment.id


class Writer(threading.Thread):
    """Inserts annonces, one commit each, until stopped."""

    def __init__(self, app):
        super().__init__(daemon=True)
        self.app, self.committed = app, 0
        self.started_writing, self.stop = threading.Event(), threading.Event()
        self.error: BaseException | None = None

    def run(self):
        try:
            with self.app.app_context():
                author = db.session.query(User).filter_by(email=EMAIL).one()
                while not self.stop.is_set():
                    _add_annonce(author, f"Annonce écrite pendant la sauvegarde {self.committed}")
                    db.session.commit()
                    self.committed += 1
                    if self.committed == 5:
                        self.started_writing.set()
                db.session.remove()
        except BaseException as error:  # noqa: BLE001 - reported by the test
            self.error = error
            self.started_writing.set()


def _count(database: Path, table: str) -> int:
    with closing(sqlite3.connect(database)) as connection:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608


@pytest.fixture()
def source(tmp_path):
    app = _instance(tmp_path / "source", migrate=True)
    ids = _seed(app)
    yield app, ids
    with app.app_context():
        db.engine.dispose()


def _backup(app, target: Path) -> Path:
    result = app.test_cli_runner().invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert "integrity ok" in result.output
    return next(target.glob("eplateforme-*.tar.gz")) if target.is_dir() else target


def test_online_backup_restores_into_a_working_instance(source, tmp_path):
    app, (annonce_id, attachment_id) = source
    backups = tmp_path / "backups"
    backups.mkdir()
    writer = Writer(app)
    writer.start()
    writer.started_writing.wait()
    before = writer.committed
    try:
        archive = _backup(app, backups)
    finally:
        writer.stop.set()
        writer.join()
    assert writer.error is None
    after = writer.committed

    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
        names = tar.getnames()
    assert manifest["created_at"].endswith("Z")
    assert manifest["alembic_revision"]
    assert manifest["file_count"] == 2 == len(manifest["files"])
    upload = next(f for f in manifest["files"] if f["path"].startswith("uploads/"))
    assert upload["sha256"] == hashlib.sha256(PDF_BYTES).hexdigest()
    assert sorted(names) == sorted([*(f["path"] for f in manifest["files"]), "manifest.json"])

    target = tmp_path / "restored"
    fresh = _instance(target)
    result = fresh.test_cli_runner().invoke(args=["restore", str(archive)])
    assert result.exit_code == 0, result.output
    database = target / "eplateforme.sqlite3"
    # One instant of the writer's work: between what it had done before the
    # backup started and after it ended, ads and their search rows together.
    restored = _count(database, "annonce")
    assert 1 + before <= restored <= 1 + after
    assert _count(database, "annonce_fts") == restored
    with closing(sqlite3.connect(database)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)

    served = _instance(target)
    client = AuthActions(served).client_for(EMAIL)
    page = client.get(f"/annonces/{annonce_id}")
    assert page.status_code == 200 and "Remorque à prêter" in page.get_data(as_text=True)
    download = client.get(f"/annonces/{annonce_id}/pieces/{attachment_id}")
    assert download.status_code == 200 and download.data == PDF_BYTES
    for instance in (fresh, served):
        with instance.app_context():
            db.engine.dispose()


def test_restore_refuses_an_instance_with_data_unless_forced(source, tmp_path):
    app, _ids = source
    archive = _backup(app, tmp_path / "backup.tar.gz")
    with app.app_context():
        author = db.session.query(User).filter_by(email=EMAIL).one()
        _add_annonce(author, "Annonce après la sauvegarde")
        db.session.commit()
        db.engine.dispose()
    database = tmp_path / "source" / "eplateforme.sqlite3"
    assert _count(database, "annonce") == 2

    refused = app.test_cli_runner().invoke(args=["restore", str(archive)])
    assert refused.exit_code != 0
    assert "already holds data" in refused.output and "--force" in refused.output
    assert _count(database, "annonce") == 2

    forced = app.test_cli_runner().invoke(args=["restore", str(archive), "--force"])
    assert forced.exit_code == 0, forced.output
    assert _count(database, "annonce") == 1


def test_backup_never_overwrites_a_file(source, tmp_path):
    app, _ids = source
    existing = tmp_path / "backup.tar.gz"
    existing.write_bytes(b"keep me")
    result = app.test_cli_runner().invoke(args=["backup", str(existing)])
    assert result.exit_code != 0 and "already exists" in result.output
    assert existing.read_bytes() == b"keep me"


def _tampered(archive: Path, copy: Path) -> Path:
    """The same archive with one byte of the uploaded file changed."""
    with tarfile.open(archive) as source, tarfile.open(copy, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.startswith("uploads/"):
                data = data[:-1] + bytes([data[-1] ^ 1])
            target.addfile(member, io.BytesIO(data))
    return copy


def test_damaged_backup_is_refused_and_changes_nothing(source, tmp_path):
    app, _ids = source
    archive = _backup(app, tmp_path / "backup.tar.gz")
    damaged = _tampered(archive, tmp_path / "damaged.tar.gz")
    target = tmp_path / "restored"
    result = _instance(target).test_cli_runner().invoke(args=["restore", str(damaged)])
    assert result.exit_code != 0
    assert "checksum mismatch for uploads/" in result.output
    assert not (target / "eplateforme.sqlite3").exists()
    assert not list((target / "uploads").glob("*"))

    garbage = tmp_path / "garbage.tar.gz"
    garbage.write_bytes(b"not a backup at all")
    result = _instance(target).test_cli_runner().invoke(args=["restore", str(garbage)])
    assert result.exit_code != 0 and "not a readable backup" in result.output


def test_postgresql_is_refused_with_the_pg_dump_hint(tmp_path):
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://postgres@127.0.0.1:5432/unused",
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
    })
    for command in (["backup", str(tmp_path / "b.tar.gz")], ["restore", str(tmp_path)]):
        result = app.test_cli_runner().invoke(args=command)
        assert result.exit_code != 0
        assert "pg_dump" in result.output and "README" in result.output
    assert not (tmp_path / "b.tar.gz").exists()
