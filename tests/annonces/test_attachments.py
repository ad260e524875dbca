"""Files joined to annonces: checks on upload, nothing left behind when a file
is refused, the 413 page, downloads, removal with and without htmx."""
from __future__ import annotations

import io
import os

import pytest

from app.models import Annonce, AnnonceAttachment, InstitutionKind
from tests.annonces.manage_helpers import (
    PDF_BYTES,
    ad_form,
    annonces,
    count,
    pdf,
    png,
    post_action,
    post_ad,
    stored_files,
)

MB = 1024 * 1024


@pytest.fixture()
def author(auth, make_user, make_institution):
    commune = make_institution(InstitutionKind.COMMUNE, name="Commune de Vielsalm")
    return auth.client_for(make_user(institution=commune))


def test_images_and_pdf_are_stored(app, author, db):
    before = stored_files(app)
    response = post_ad(author, {**ad_form(), "attachments": [pdf("plan.pdf"), png()]})
    assert response.status_code == 303
    annonce = annonces(db)[0]
    names = [(a.original_name, a.content_type, a.size) for a in annonce.attachments]
    assert names == [("plan.pdf", "application/pdf", len(PDF_BYTES)),
                     ("remorque.png", "image/png", 72)]
    added = sorted(set(stored_files(app)) - set(before))
    assert added == sorted(a.stored_name for a in annonce.attachments)
    html = author.get(f"/annonces/{annonce.id}").get_data(as_text=True)
    assert "plan.pdf</a>" in html and "(PDF, 1 Ko)" in html
    assert f"/annonces/{annonce.id}/pieces/{annonce.attachments[0].id}" in html


def _refused(app, author, db, files, message: str):
    before = stored_files(app)
    response = post_ad(author, {**ad_form(title="Titre gardé", quantity="3 barrières"),
                                "attachments": files})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="attachments-error"' in html and message in html
    assert "Titre gardé" in html and "3 barrières" in html
    assert "choisissez-les à nouveau" in html
    assert count(db, Annonce) == 0 and count(db, AnnonceAttachment) == 0
    assert stored_files(app) == before


def test_a_text_file_named_pdf_is_refused(app, author, db):
    _refused(app, author, db, [pdf("faux.pdf", b"just some text, not a PDF")],
             "« faux.pdf » : Le contenu du fichier ne correspond pas à son extension.")


def test_a_refused_file_removes_the_ones_stored_before_it(app, author, db):
    _refused(app, author, db, [pdf("bon.pdf"), png(), pdf("faux.pdf", b"<html>")],
             "« faux.pdf » : Le contenu du fichier ne correspond pas à son extension.")


def test_other_types_are_refused(app, author, db):
    _refused(app, author, db, [(io.BytesIO(b"PK\x03\x04rest"), "tableau.xlsx")],
             "Ce type de fichier n&#39;est pas accepté. Formats acceptés : GIF, JPG, PDF, "
             "PNG, WEBP.")


def test_a_file_over_10_mb_is_refused(app, author, db):
    big = PDF_BYTES + b"0" * (10 * MB)
    _refused(app, author, db, [pdf("gros.pdf", big)],
             "Le fichier dépasse la taille maximale de 10 Mo.")


def test_at_most_five_files(app, author, db):
    _refused(app, author, db, [pdf(f"f{n}.pdf") for n in range(6)],
             "Une annonce peut avoir au plus 5 pièces jointes.")


def test_too_large_request_gets_the_french_413_page(app, author, db):
    before = stored_files(app)
    response = post_ad(author, {**ad_form(), "attachments": [pdf("enorme.pdf",
                                                                  b"0" * (22 * MB))]})
    assert response.status_code == 413
    assert "Fichier trop volumineux" in response.get_data(as_text=True)
    assert count(db, Annonce) == 0 and stored_files(app) == before


def test_download_headers(author, db):
    post_ad(author, {**ad_form(), "attachments": [pdf("Convention d'été.pdf")]})
    annonce = annonces(db)[0]
    attachment = annonce.attachments[0]
    response = author.get(f"/annonces/{annonce.id}/pieces/{attachment.id}")
    assert response.status_code == 200 and response.data == PDF_BYTES
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''Convention%20d%27%C3%A9t%C3%A9.pdf" in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.mimetype == "application/pdf"


def test_a_file_missing_on_disk_is_404(app, author, db):
    post_ad(author, {**ad_form(), "attachments": [pdf()]})
    attachment = annonces(db)[0].attachments[0]
    os.unlink(os.path.join(app.config["UPLOAD_FOLDER"], attachment.stored_name))
    url = f"/annonces/{attachment.annonce_id}/pieces/{attachment.id}"
    assert author.get(url).status_code == 404


def test_edit_adds_files_up_to_five(author, db):
    post_ad(author, {**ad_form(), "attachments": [pdf(f"f{n}.pdf") for n in range(3)]})
    annonce = annonces(db)[0]
    path = f"/annonces/{annonce.id}/modifier"
    response = post_ad(author, {**ad_form(), "attachments": [png(), png("b.png"), png("c.png")]},
                       path=path)
    assert response.status_code == 200
    assert "Une annonce peut avoir au plus 5 pièces jointes (elle en a déjà 3)." in \
        response.get_data(as_text=True)
    assert post_ad(author, {**ad_form(), "attachments": [png(), png("b.png")]},
                   path=path).status_code == 303
    assert len(annonces(db)[0].attachments) == 5


@pytest.mark.parametrize("htmx", [False, True])
def test_remove_an_attachment(app, author, db, htmx):
    post_ad(author, {**ad_form(), "attachments": [pdf("a.pdf"), pdf("b.pdf")]})
    annonce = annonces(db)[0]
    first, second = annonce.attachments
    removed, kept = first.stored_name, second.stored_name
    edit_page = author.get(f"/annonces/{annonce.id}/modifier").get_data(as_text=True)
    remove_url = f"/annonces/{annonce.id}/pieces/{first.id}/supprimer"
    assert f'hx-post="{remove_url}"' in edit_page and 'id="attachment-list"' in edit_page
    headers = {"HX-Request": "true"} if htmx else {}
    response = post_action(author, remove_url, headers=headers)
    assert "HX-Request" in response.headers["Vary"]
    if htmx:
        body = response.get_data(as_text=True)
        assert response.status_code == 200 and "<html" not in body
        assert 'id="attachment-list"' in body and "b.pdf</a>" in body and "a.pdf</a>" not in body
        assert 'hx-swap-oob="true"' in body and "La pièce jointe « a.pdf » est retirée" in body
    else:
        assert response.status_code == 303
        assert response.headers["Location"] == f"/annonces/{annonce.id}/modifier"
    assert [a.original_name for a in annonces(db)[0].attachments] == ["b.pdf"]
    assert removed not in stored_files(app)
    assert kept in stored_files(app)
