"""The manager's editing of document templates: create, edit, new version,
publish, reorder, each audited; refused uploads leave nothing behind; only
managers get in."""
from __future__ import annotations

import os

import pytest
from sqlalchemy import func, select

from app.models import AuditEntry, DocumentTemplate, TemplateCategory, TemplateFile
from tests.helpers import csrf_token
from tests.modeles.files import (
    MB,
    document_bytes,
    docx_with_macros,
    executable_named_docx,
    upload,
    zip_bomb_docx,
)

NEW = "/gestion/modeles/nouveau"


def _form(**overrides) -> dict:
    data = {"title": "Demande de prix – mobilier", "category": "marches-fournitures",
            "description": "Pour **chaises** et tables.", "indicative": "y",
            "note": "Première version"}
    data.update(overrides)
    return data


def _post(client, path: str, data: dict, token_from: str = NEW, **kwargs):
    payload = {"csrf_token": csrf_token(client, token_from), **data}
    return client.post(path, data=payload, content_type="multipart/form-data", **kwargs)


def _count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _stored(app) -> list[str]:
    return sorted(os.listdir(app.config["UPLOAD_FOLDER"]))


def _actions(db) -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def _create(client, db, **overrides) -> DocumentTemplate:
    data = {**_form(**overrides), "docx": upload("docx", "Mobilier.docx"),
            "pdf": upload("pdf", "Mobilier.pdf")}
    response = _post(client, NEW, data)
    assert response.status_code == 303
    return db.session.scalars(select(DocumentTemplate).order_by(DocumentTemplate.id.desc())
                              ).first()


def test_create_edit_version_publish_and_move(manager_client, member_client, db):
    template = _create(manager_client, db)
    assert template.title == "Demande de prix – mobilier" and not template.is_published
    assert template.search_text == ("demande de prix mobilier pour chaises et tables marches "
                                    "de faible montant fournitures")
    assert sorted(f.format for f in template.current_version.files) == ["docx", "pdf"]
    edit = f"/gestion/modeles/{template.id}"
    page = manager_client.get(edit).get_data(as_text=True)
    assert "Demande de prix – mobilier" in page and 'enctype="multipart/form-data"' in page
    assert member_client.get(f"/modeles/{template.id}").status_code == 404

    response = _post(manager_client, edit, _form(title="Demande de prix – chaises",
                                                 indicative=""), token_from=edit)
    assert response.status_code == 303 and response.headers["Location"] == edit
    db.session.refresh(template)
    assert template.title == "Demande de prix – chaises" and not template.indicative
    assert "chaises" in template.search_text

    response = _post(manager_client, f"{edit}/version",
                     {"note": "Seuils mis à jour", "odt": upload("odt", "Chaises.odt")},
                     token_from=edit)
    assert response.status_code == 303 and response.headers["Location"] == edit
    db.session.refresh(template)
    assert template.current_version.number == 2
    assert template.updated_at == template.current_version.created_at

    response = _post(manager_client, f"{edit}/publication",
                     {"published": "1", "next": edit}, token_from=edit)
    assert response.status_code == 303 and response.headers["Location"] == edit
    assert member_client.get(f"/modeles/{template.id}").status_code == 200
    assert _post(manager_client, f"{edit}/publication", {"published": "0"},
                 token_from=edit).headers["Location"] == "/gestion/modeles"
    assert member_client.get(f"/modeles/{template.id}").status_code == 404

    other = _create(manager_client, db, title="Deuxième")
    assert other.position == template.position + 1
    response = _post(manager_client, f"/gestion/modeles/{other.id}/deplacer",
                     {"direction": "up"}, token_from=edit)
    assert response.headers["Location"] == f"/gestion/modeles#template-{other.id}"
    db.session.expire_all()
    assert db.session.get(DocumentTemplate, other.id).position < db.session.get(
        DocumentTemplate, template.id).position
    assert _actions(db) == ["template.created", "template.updated", "template.version_added",
                            "template.published", "template.unpublished", "template.created",
                            "template.moved"]


def test_list_shows_every_template_with_its_buttons(manager_client, db):
    first = _create(manager_client, db, title="Premier")
    _create(manager_client, db, title="Second")
    _create(manager_client, db, title="Convention", category="convention-pret-materiel")
    html = manager_client.get("/gestion/modeles").get_data(as_text=True)
    assert html.count("Non publié") == 3 and "Aucun modèle dans cette catégorie." in html
    section = html.split('id="category-marches-fournitures"')[1].split("</section>")[0]
    assert section.count('name="direction" value="up"') == 1
    assert section.count('name="direction" value="down"') == 1
    assert f'action="/gestion/modeles/{first.id}/publication"' in section


def test_moving_past_an_end_changes_nothing(manager_client, db):
    template = _create(manager_client, db)
    edit = f"/gestion/modeles/{template.id}"
    for direction in ("up", "down"):
        _post(manager_client, f"{edit}/deplacer", {"direction": direction}, token_from=edit)
    for data in ({"direction": "sideways"}, {"published": "2"}):
        path = f"{edit}/deplacer" if "direction" in data else f"{edit}/publication"
        assert _post(manager_client, path, data, token_from=edit).status_code == 303
    assert _actions(db) == ["template.created"]


def test_invalid_form_keeps_the_input_and_stores_nothing(app, manager_client, db):
    before = _stored(app)
    response = _post(manager_client, NEW, {**_form(title="", description="Gardé ici"),
                                           "docx": upload("docx")})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="title-error"' in html
    assert "Gardé ici" in html and "choisissez-les à nouveau" in html
    response = _post(manager_client, NEW, _form(title="Sans fichier"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="docx-error"' in html
    assert "Joignez au moins un fichier" in html and "Sans fichier" in html
    assert _count(db, DocumentTemplate) == 0 and _stored(app) == before


@pytest.mark.parametrize(("field", "name", "content", "message"), [
    ("docx", "virus.docx", executable_named_docx(),
     "Le contenu du fichier ne correspond pas à son extension."),
    ("docx", "macros.docm", docx_with_macros(), "Ce type de fichier n&#39;est pas accepté. "
     "Formats acceptés : DOCX."),
    ("docx", "macros.docx", docx_with_macros(), "Les documents contenant des macros ne sont"),
    ("docx", "bombe.docx", zip_bomb_docx(), "anormalement compressé"),
    ("odt", "tableur.odt", document_bytes("ods"),
     "Le contenu du fichier ne correspond pas à son extension."),
    ("pdf", "texte.pdf", b"juste du texte", "ne correspond pas à son extension"),
    ("xlsx", "document.docx", document_bytes("docx"), "Formats acceptés : XLSX."),
])
def test_refused_files_leave_nothing_behind(app, manager_client, db, field, name, content,
                                            message):
    before = _stored(app)
    data = {**_form(title="Titre gardé"), "pdf": upload("pdf"), field: upload(field, name,
                                                                              content)}
    response = _post(manager_client, NEW, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="{field}-error"' in html and message in html and "Titre gardé" in html
    assert _count(db, DocumentTemplate) == 0 and _count(db, TemplateFile) == 0
    assert _stored(app) == before


def test_files_over_20_mb_are_refused(app, manager_client, db):
    before = _stored(app)
    big = document_bytes("pdf") + b"0" * (20 * MB)
    response = _post(manager_client, NEW, {**_form(), "pdf": upload("pdf", "gros.pdf", big)})
    assert response.status_code == 200
    assert "Le fichier dépasse la taille maximale de 20 Mo." in response.get_data(as_text=True)
    assert _count(db, DocumentTemplate) == 0 and _stored(app) == before


def test_a_request_over_the_limit_gets_the_413_page(manager_client, db):
    huge = b"%PDF-" + b"0" * (22 * MB)
    response = _post(manager_client, NEW, {**_form(), "pdf": upload("pdf", "enorme.pdf", huge)})
    assert response.status_code == 413
    assert "Fichier trop volumineux" in response.get_data(as_text=True)
    assert _count(db, DocumentTemplate) == 0


def test_the_stored_name_never_comes_from_the_user(app, manager_client, db):
    template = _create(manager_client, db)
    edit = f"/gestion/modeles/{template.id}"
    _post(manager_client, f"{edit}/version",
          {"note": "Nom hostile", "docx": upload("docx", "../../etc/passwd.docx")},
          token_from=edit)
    file = db.session.scalars(select(TemplateFile).order_by(TemplateFile.id.desc())).first()
    assert file.original_name == "passwd.docx"
    assert len(file.stored_name) == 32 and file.stored_name.isalnum()
    assert os.path.isfile(os.path.join(app.config["UPLOAD_FOLDER"], file.stored_name))
    assert not os.path.exists(os.path.join(app.config["UPLOAD_FOLDER"], "..", "etc"))


def test_a_refused_version_keeps_the_current_one(app, manager_client, db):
    template = _create(manager_client, db)
    edit = f"/gestion/modeles/{template.id}"
    before = _stored(app)
    response = _post(manager_client, f"{edit}/version",
                     {"note": "Mauvais fichier", "docx": upload("docx", "x.docx", b"MZ")},
                     token_from=edit)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="docx-error"' in html
    assert 'value="Mauvais fichier"' in html and 'value="Demande de prix – mobilier"' in html
    response = _post(manager_client, f"{edit}/version", {"docx": upload("docx")},
                     token_from=edit)
    assert 'id="note-error"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(DocumentTemplate, template.id).current_version.number == 1
    assert _stored(app) == before


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/gestion/modeles"), ("GET", NEW), ("POST", NEW), ("GET", "/gestion/modeles/{id}"),
    ("POST", "/gestion/modeles/{id}"), ("POST", "/gestion/modeles/{id}/version"),
    ("POST", "/gestion/modeles/{id}/publication"), ("POST", "/gestion/modeles/{id}/deplacer"),
])
def test_only_managers_get_in(manager_client, member_client, db, method, path):
    template = _create(manager_client, db)
    url = path.format(id=template.id)
    data = {"csrf_token": csrf_token(member_client, "/"), "published": "1",
            "direction": "up"} if method == "POST" else None
    response = member_client.open(url, method=method, data=data)
    assert response.status_code == 403
    assert _actions(db) == ["template.created"]


def test_unknown_template_is_404(manager_client):
    assert manager_client.get("/gestion/modeles/999999").status_code == 404
    response = _post(manager_client, "/gestion/modeles/999999/publication", {"published": "1"})
    assert response.status_code == 404


def test_category_change_puts_the_template_last_of_its_new_category(manager_client, db):
    first = _create(manager_client, db, title="Prêt", category="convention-pret-materiel")
    moved = _create(manager_client, db, title="Déménage")
    edit = f"/gestion/modeles/{moved.id}"
    _post(manager_client, edit, _form(title="Déménage", category="convention-pret-materiel"),
          token_from=edit)
    db.session.expire_all()
    moved = db.session.get(DocumentTemplate, moved.id)
    assert moved.category == TemplateCategory.CONVENTION_PRET
    assert moved.position == db.session.get(DocumentTemplate, first.id).position + 1
