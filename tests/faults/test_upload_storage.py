"""The upload folder full or unwritable, for real (app/uploads.py): the form
says so in French next to the field, and nothing is half-stored: no ad, no
attachment row, no file, no temporary file. A full disk is a 64 KiB tmpfs
and a read-only one a read-only tmpfs (both need root: skipped otherwise);
an impossible folder (its parent is a regular file) works for anyone."""
from __future__ import annotations

import html
import os
import subprocess
import uuid

import pytest

from app.models import Annonce, AnnonceAttachment, InstitutionKind
from tests.annonces.manage_helpers import (
    PDF_BYTES,
    ad_form,
    count,
    pdf,
    png,
    post_ad,
)

STORAGE_MESSAGE = ("Le fichier n'a pas pu être enregistré (espace de stockage "
                   "indisponible). Réessayez plus tard ; rien n'a été enregistré.")


@pytest.fixture()
def author(auth, make_user, make_institution):
    commune = make_institution(InstitutionKind.COMMUNE, name="Commune de Bouillon")
    return auth.client_for(make_user(institution=commune))


def _tmpfs(path, options: str):
    path.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {result.stderr.strip()}")
    return path


@pytest.fixture()
def full_folder(tmp_path):
    folder = _tmpfs(tmp_path / "petit-disque", "size=64k,mode=0700")
    yield folder
    subprocess.run(["umount", str(folder)], check=True)


@pytest.fixture()
def read_only_folder(tmp_path):
    folder = _tmpfs(tmp_path / "lecture-seule", "ro,size=64k")
    yield folder
    subprocess.run(["umount", str(folder)], check=True)


def _refused_for_storage(author, db, files) -> None:
    response = post_ad(author, {**ad_form(title="Barrières Nadar"), "attachments": files})
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert 'id="attachments-error"' in page and STORAGE_MESSAGE in page
    assert "Barrières Nadar" in page  # the form keeps what was typed
    assert count(db, Annonce) == 0 and count(db, AnnonceAttachment) == 0


def test_a_full_disk_stores_nothing(app, author, db, full_folder, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(full_folder))
    big = PDF_BYTES + b"0" * (200 * 1024)  # larger than the whole disk
    # The small image fits and is written first: it must go too.
    _refused_for_storage(author, db, [png(), pdf("plan.pdf", big)])
    assert os.listdir(full_folder) == []

    response = post_ad(author, {**ad_form(title="Sans pièce"), "attachments": [png()]})
    assert response.status_code == 303  # the failed upload left no space taken
    assert len(os.listdir(full_folder)) == 1


def test_a_read_only_folder_stores_nothing(app, author, db, read_only_folder, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(read_only_folder))
    _refused_for_storage(author, db, [pdf()])
    assert os.listdir(read_only_folder) == []


def test_a_folder_that_cannot_exist_stores_nothing(app, author, db, tmp_path, monkeypatch):
    blocker = tmp_path / f"fichier-{uuid.uuid4().hex}"
    blocker.write_text("pas un dossier")
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(blocker / "uploads"))
    _refused_for_storage(author, db, [pdf()])
    assert blocker.read_text() == "pas un dossier"
