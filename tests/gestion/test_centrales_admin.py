"""Back office of the centrals: create, edit with date checks, publish,
order, documents (refused uploads too), audit, and managers only."""
from __future__ import annotations

import io
import os
import zipfile

import pytest
from sqlalchemy import select

from app.models import Adhesion, Centrale, CentraleDocument, CentraleDomain
from tests.centrales.content_factories import (
    add_document,
    audit_actions,
    in_days,
    make_centrale,
    pdf_file,
    post,
)


def _form(**overrides) -> dict:
    data = {"title": "Sel de déneigement 2026", "slug": "", "domain": "fournitures",
            "reference": "CA-2026-01", "description": "Commandes en **juin**.",
            "valid_from": in_days(0).isoformat(), "valid_until": in_days(365).isoformat(),
            "adhesion_deadline": in_days(30).isoformat()}
    data.update(overrides)
    return data


def _centrales(db) -> list[Centrale]:
    db.session.expire_all()
    return list(db.session.scalars(select(Centrale).order_by(Centrale.position, Centrale.id)))


def _files(app) -> list[str]:
    return sorted(os.listdir(app.config["UPLOAD_FOLDER"]))


def test_create_then_edit(db, manager_client, client):
    assert 'formaction="/gestion/apercu"' in manager_client.get(
        "/gestion/centrales/nouvelle").get_data(as_text=True)
    response = post(manager_client, "/gestion/centrales/nouvelle", _form())
    assert response.status_code == 303
    (centrale,) = _centrales(db)
    assert response.headers["Location"] == f"/gestion/centrales/{centrale.id}"
    assert centrale.slug == "sel-de-deneigement-2026" and centrale.domain is \
        CentraleDomain.FOURNITURES
    assert (centrale.valid_from, centrale.valid_until, centrale.adhesion_deadline) == \
        (in_days(0), in_days(365), in_days(30))
    assert not centrale.is_published
    assert client.get(f"/centrales/{centrale.slug}").status_code == 404

    edited = post(manager_client, f"/gestion/centrales/{centrale.id}",
                  _form(title="Sel", slug="sel", domain="services", valid_from="",
                        adhesion_deadline="15/01/2027", valid_until="2027-06-30"))
    assert edited.status_code == 303
    (centrale,) = _centrales(db)
    assert (centrale.slug, centrale.domain, centrale.valid_from) == \
        ("sel", CentraleDomain.SERVICES, None)
    assert centrale.adhesion_deadline.isoformat() == "2027-01-15"
    assert audit_actions(db) == ["centrale.created", "centrale.updated"]
    html = manager_client.get(f"/gestion/centrales/{centrale.id}").get_data(as_text=True)
    assert 'value="2027-06-30"' in html and '<option selected value="services">' in html


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"valid_from": in_days(10).isoformat(), "valid_until": in_days(5).isoformat(),
      "adhesion_deadline": ""}, "valid_until", "ne peut pas précéder son début"),
    ({"valid_until": in_days(5).isoformat(), "adhesion_deadline": in_days(6).isoformat()},
     "adhesion_deadline", "ne peut pas dépasser la fin de validité"),
    ({"valid_from": "31/02/2026"}, "valid_from", "Indiquez une date valide"),
    ({"domain": "armement"}, "domain", "Choisissez un domaine dans la liste."),
    ({"title": ""}, "title", "Indiquez un titre."),
    ({"slug": "sel de déneigement"}, "slug", "lettres minuscules sans accents"),
])
def test_invalid_centrals_are_shown_again(db, manager_client, overrides, field, message):
    response = post(manager_client, "/gestion/centrales/nouvelle",
                    _form(reference="Référence gardée", **overrides))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html and message in html
    assert 'value="Référence gardée"' in html
    assert _centrales(db) == []


def test_a_taken_slug_is_refused(db, manager_client):
    make_centrale(db, slug="carburants")
    response = post(manager_client, "/gestion/centrales/nouvelle", _form(slug="carburants"))
    assert response.status_code == 200
    assert "déjà utilisée par une autre centrale" in response.get_data(as_text=True)
    other = make_centrale(db, slug="bureau")
    response = post(manager_client, f"/gestion/centrales/{other.id}",
                    _form(slug="carburants"))
    assert response.status_code == 200
    assert [c.slug for c in _centrales(db)] == ["carburants", "bureau"]


def test_publish_move_and_feed(db, manager_client, client):
    first = make_centrale(db, title="Premier", is_published=False)
    second = make_centrale(db, title="Second")
    post(manager_client, f"/gestion/centrales/{first.id}/publication", {"published": "1"})
    assert b"Premier" in client.get("/centrales.atom").data
    post(manager_client, f"/gestion/centrales/{second.id}/deplacer", {"direction": "up"})
    assert [c.title for c in _centrales(db)] == ["Second", "Premier"]
    html = client.get("/centrales").get_data(as_text=True)
    assert html.index(">Second</a>") < html.index(">Premier</a>")
    post(manager_client, f"/gestion/centrales/{second.id}/publication", {"published": "0"})
    assert b"Second" not in client.get("/centrales.atom").data
    assert audit_actions(db) == ["centrale.published", "centrale.moved",
                                 "centrale.unpublished"]


def _odt(extra: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return out.getvalue()


def test_documents_for_everyone(app, db, manager_client, client):
    centrale = make_centrale(db, slug="bureau")
    response = post(manager_client, f"/gestion/centrales/{centrale.id}/documents",
                    {"title": "Convention d'adhésion",
                     "document": (io.BytesIO(_odt()), "convention.odt")})
    assert response.status_code == 303
    (document,) = _centrales(db)[0].documents
    assert document.content_type == "application/vnd.oasis.opendocument.text"
    download = client.get(f"/centrales/bureau/documents/{document.id}")
    assert download.status_code == 200 and download.data == _odt()
    assert download.headers["Content-Disposition"].startswith("attachment;")
    document_id = document.id
    post(manager_client, f"/gestion/centrales/{centrale.id}/documents/{document_id}/supprimer")
    assert client.get(f"/centrales/bureau/documents/{document_id}").status_code == 404
    assert audit_actions(db) == ["document.added", "document.removed"]


@pytest.mark.parametrize(("upload", "message"), [
    ((io.BytesIO(_odt({"Basic/Standard/Module1.xml": "<macro/>"})), "macro.odt"),
     "Les documents contenant des macros ne sont pas acceptés."),
    ((io.BytesIO(b"%PDF-1.4 but named odt"), "convention.odt"),
     "Le contenu du fichier ne correspond pas à son extension."),
    (pdf_file("../../etc/passwd.docm"), "Ce type de fichier n&#39;est pas accepté."),
])
def test_refused_uploads_store_nothing(app, db, manager_client, upload, message):
    centrale = make_centrale(db)
    before = _files(app)
    response = post(manager_client, f"/gestion/centrales/{centrale.id}/documents",
                    {"title": "Cahier", "document": upload})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="document-error"' in html and message in html
    assert db.session.scalars(select(CentraleDocument)).all() == []
    assert _files(app) == before


def test_too_large_a_request_gets_the_413_page(db, manager_client):
    centrale = make_centrale(db)
    response = post(manager_client, f"/gestion/centrales/{centrale.id}/documents",
                    {"title": "Énorme", "document": pdf_file("gros.pdf", b"%PDF-" +
                                                            b"0" * (22 * 1024 * 1024))})
    assert response.status_code == 413
    assert "Fichier trop volumineux" in response.get_data(as_text=True)


def _centrale_routes(centrale_id: int, document_id: int, adhesion_id: int) -> list:
    base = f"/gestion/centrales/{centrale_id}"
    return [("GET", "/gestion/centrales"), ("GET", "/gestion/centrales/nouvelle"),
            ("POST", "/gestion/centrales/nouvelle"), ("GET", base), ("POST", base),
            ("POST", f"{base}/publication"), ("POST", f"{base}/deplacer"),
            ("POST", f"{base}/documents"), ("POST", f"{base}/documents/{document_id}/supprimer"),
            ("GET", f"{base}/adherents"), ("GET", f"{base}/adherents.csv"),
            ("POST", f"/gestion/adhesions/{adhesion_id}")]


def test_only_managers(db, client, member_client, make_user):
    centrale = make_centrale(db, is_published=False)
    document = add_document(db, centrale)
    requester = make_user()
    adhesion = Adhesion(centrale=centrale, institution=requester.institution,
                        requested_by=requester)
    db.session.add(adhesion)
    db.session.commit()
    data = {"published": "1", "direction": "up", "title": "Piratée", "decision": "confirm"}
    for method, path in _centrale_routes(centrale.id, document.id, adhesion.id):
        if method == "GET":
            assert member_client.get(path).status_code == 403, path
            assert client.get(path).status_code == 302, path
        else:
            assert post(member_client, path, data).status_code == 403, path
            assert post(client, path, data).status_code == 302, path
    (centrale,) = _centrales(db)
    assert not centrale.is_published and centrale.title != "Piratée"
    assert len(centrale.documents) == 1 and audit_actions(db) == []
    assert db.session.get(Adhesion, adhesion.id).status.value == "pending"
