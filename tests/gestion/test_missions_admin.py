"""Back office of the missions: create, edit, slugs, publish, order,
documents (with refused uploads), audit, and managers only."""
from __future__ import annotations

import os

import pytest
from sqlalchemy import select

from app.models import Mission, MissionDocument
from tests.centrales.content_factories import (
    PDF_BYTES,
    add_document,
    audit_actions,
    make_mission,
    pdf_file,
    post,
)

MB = 1024 * 1024


def _form(**overrides) -> dict:
    data = {"title": "Aide technique aux communes", "slug": "", "theme": "Soutien",
            "summary": "Des ingénieurs pour les petites communes.",
            "body": "Les **services techniques** vous aident.",
            "contact_service": "Services techniques", "contact_email": "st@province.test",
            "contact_phone": "063 21 22 23"}
    data.update(overrides)
    return data


def _missions(db) -> list[Mission]:
    db.session.expire_all()
    return list(db.session.scalars(select(Mission).order_by(Mission.position, Mission.id)))


def _files(app) -> list[str]:
    return sorted(os.listdir(app.config["UPLOAD_FOLDER"]))


def test_create_then_edit(db, manager_client):
    page = manager_client.get("/gestion/missions/nouvelle").get_data(as_text=True)
    assert 'formaction="/gestion/apercu"' in page  # the Markdown preview
    response = post(manager_client, "/gestion/missions/nouvelle", _form())
    assert response.status_code == 303
    (mission,) = _missions(db)
    assert response.headers["Location"] == f"/gestion/missions/{mission.id}"
    assert mission.slug == "aide-technique-aux-communes" and not mission.is_published
    assert mission.contact_email == "st@province.test" and mission.theme == "Soutien"
    edited = post(manager_client, f"/gestion/missions/{mission.id}",
                  _form(title="Aide technique", slug="aide-technique"))
    assert edited.status_code == 303
    (mission,) = _missions(db)
    assert (mission.title, mission.slug) == ("Aide technique", "aide-technique")
    assert audit_actions(db) == ["mission.created", "mission.updated"]
    html = manager_client.get(f"/gestion/missions/{mission.id}").get_data(as_text=True)
    assert 'value="aide-technique"' in html and "Les **services techniques**" in html


def test_slug_rules(db, manager_client):
    make_mission(db, slug="aide-technique-aux-communes", title="Autre")
    assert post(manager_client, "/gestion/missions/nouvelle", _form()).status_code == 303
    assert _missions(db)[-1].slug == "aide-technique-aux-communes-2"
    taken = post(manager_client, "/gestion/missions/nouvelle",
                 _form(title="Titre gardé", slug="aide-technique-aux-communes"))
    assert taken.status_code == 200
    html = taken.get_data(as_text=True)
    assert 'id="slug-error"' in html and "déjà utilisée par une autre mission" in html
    assert 'value="Titre gardé"' in html
    bad = post(manager_client, "/gestion/missions/nouvelle", _form(slug="Avec Majuscules é"))
    assert bad.status_code == 200
    assert "lettres minuscules sans accents" in bad.get_data(as_text=True)
    assert len(_missions(db)) == 2


def test_invalid_fields_are_shown_again(db, manager_client):
    response = post(manager_client, "/gestion/missions/nouvelle",
                    _form(title="", contact_email="pas-une-adresse", contact_phone="abc",
                          theme=""))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for field in ("title", "contact_email", "contact_phone", "theme"):
        assert f'id="{field}-error"' in html
    assert 'value="pas-une-adresse"' in html
    assert _missions(db) == []


def test_publish_and_unpublish(db, manager_client):
    mission = make_mission(db, is_published=False, title="Fonds d'impulsion")
    response = post(manager_client, f"/gestion/missions/{mission.id}/publication",
                    {"published": "1", "next": f"/gestion/missions/{mission.id}"})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/gestion/missions/{mission.id}"
    assert _missions(db)[0].is_published
    response = post(manager_client, f"/gestion/missions/{mission.id}/publication",
                    {"published": "0", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/gestion/missions"
    assert not _missions(db)[0].is_published
    assert post(manager_client, f"/gestion/missions/{mission.id}/publication",
                {"published": "x"}).status_code == 303
    assert audit_actions(db) == ["mission.published", "mission.unpublished"]


def test_move_up_and_down(db, manager_client):
    first, second, third = (make_mission(db, title=t) for t in ("Un", "Deux", "Trois"))
    assert post(manager_client, f"/gestion/missions/{third.id}/deplacer",
                {"direction": "up"}).status_code == 303
    assert [m.title for m in _missions(db)] == ["Un", "Trois", "Deux"]
    post(manager_client, f"/gestion/missions/{first.id}/deplacer", {"direction": "down"})
    assert [m.title for m in _missions(db)] == ["Trois", "Un", "Deux"]
    post(manager_client, f"/gestion/missions/{second.id}/deplacer", {"direction": "down"})
    assert [m.title for m in _missions(db)] == ["Trois", "Un", "Deux"]
    assert audit_actions(db) == ["mission.moved", "mission.moved"]
    listing = manager_client.get("/gestion/missions").get_data(as_text=True)
    assert listing.index(">Trois</a>") < listing.index(">Un</a>") < listing.index(">Deux</a>")


def test_add_and_delete_a_document(app, db, manager_client, member_client):
    mission = make_mission(db, slug="fonds")
    before = _files(app)
    response = post(manager_client, f"/gestion/missions/{mission.id}/documents",
                    {"title": "Règlement du fonds", "document": pdf_file("règlement.pdf")})
    assert response.status_code == 303
    (document,) = _missions(db)[0].documents
    assert (document.title, document.original_name, document.size) == \
        ("Règlement du fonds", "règlement.pdf", len(PDF_BYTES))
    assert len(document.stored_name) == 32 and "." not in document.stored_name
    assert set(_files(app)) - set(before) == {document.stored_name}
    document_id, stored_name = document.id, document.stored_name
    download = member_client.get(f"/missions/fonds/documents/{document_id}")
    assert download.status_code == 200 and download.data == PDF_BYTES

    deleted = post(manager_client,
                   f"/gestion/missions/{mission.id}/documents/{document_id}/supprimer")
    assert deleted.status_code == 303
    assert _missions(db)[0].documents == [] and _files(app) == before
    assert audit_actions(db) == ["document.added", "document.removed"]
    assert stored_name not in _files(app)
    assert post(manager_client, f"/gestion/missions/{mission.id}/documents/"
                f"{document_id}/supprimer").status_code == 404


@pytest.mark.parametrize(("upload", "message"), [
    (pdf_file("faux.pdf", b"MZ\x90\x00 not a pdf"),
     "Le contenu du fichier ne correspond pas à son extension."),
    (pdf_file("programme.docx", b"MZ\x90\x00" + b"\x00" * 64),
     "Le contenu du fichier ne correspond pas à son extension."),
    (pdf_file("script.exe", b"MZ"), "Ce type de fichier n&#39;est pas accepté."),
    (pdf_file("gros.pdf", PDF_BYTES + b"0" * (20 * MB)),
     "Le fichier dépasse la taille maximale de 20 Mo."),
])
def test_refused_uploads_store_nothing(app, db, manager_client, upload, message):
    mission = make_mission(db)
    before = _files(app)
    response = post(manager_client, f"/gestion/missions/{mission.id}/documents",
                    {"title": "Titre gardé", "document": upload})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="document-error"' in html and message in html
    assert 'value="Titre gardé"' in html
    assert db.session.scalars(select(MissionDocument)).all() == []
    assert _files(app) == before


def test_a_document_needs_a_title_and_a_file(db, manager_client):
    mission = make_mission(db)
    html = post(manager_client, f"/gestion/missions/{mission.id}/documents",
                {"title": ""}).get_data(as_text=True)
    assert 'id="document-title-error"' in html and "Choisissez le fichier à joindre." in html


def test_document_of_another_mission_cannot_be_deleted(db, manager_client):
    first, second = make_mission(db), make_mission(db)
    document = add_document(db, first)
    assert post(manager_client, f"/gestion/missions/{second.id}/documents/{document.id}"
                "/supprimer").status_code == 404
    assert manager_client.get("/gestion/missions/999999").status_code == 404


def _mission_routes(mission_id: int, document_id: int) -> list[tuple[str, str]]:
    base = f"/gestion/missions/{mission_id}"
    return [("GET", "/gestion/missions"), ("GET", "/gestion/missions/nouvelle"),
            ("POST", "/gestion/missions/nouvelle"), ("GET", base), ("POST", base),
            ("POST", f"{base}/publication"), ("POST", f"{base}/deplacer"),
            ("POST", f"{base}/documents"),
            ("POST", f"{base}/documents/{document_id}/supprimer")]


def test_only_managers(app, db, client, member_client):
    mission = make_mission(db, is_published=False)
    document = add_document(db, mission)
    for method, path in _mission_routes(mission.id, document.id):
        data = {"published": "1", "direction": "up", "title": "Piratée"}
        if method == "GET":
            assert member_client.get(path).status_code == 403, path
            assert client.get(path).status_code == 302, path
        else:
            assert post(member_client, path, data).status_code == 403, path
            visitor = post(client, path, data)
            assert visitor.status_code == 302 and "/connexion" in visitor.headers["Location"]
    (mission,) = _missions(db)
    assert not mission.is_published and mission.title != "Piratée"
    assert len(mission.documents) == 1 and audit_actions(db) == []
