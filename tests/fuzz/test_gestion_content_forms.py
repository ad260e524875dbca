"""Fuzzing the back office (managers): templates, missions, centrals and
their documents, and adhesions."""
from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from app.blueprints.modeles.services import TemplateData, create_template
from app.extensions import db
from app.localtime import brussels_today
from app.models import (
    Adhesion,
    AdhesionStatus,
    Centrale,
    DocumentTemplate,
    Mission,
    TemplateCategory,
    User,
)
from tests.centrales.content_factories import add_document, make_centrale, make_mission
from tests.fuzz.conftest import fuzz_settings
from tests.fuzz.harness import Fuzzer
from tests.fuzz.strategies import (
    checkbox,
    dates,
    field,
    file_contents,
    file_names,
    form_data,
    hostile,
    maybe_missing,
    path_ids,
)
from tests.modeles.files import document_bytes, office_file

TODAY = brussels_today()


def often(*valid: str):
    """A valid value most of the time, else a hostile or missing one."""
    return st.one_of(st.sampled_from(valid), st.sampled_from(valid), maybe_missing(hostile()))


FORMATS = ("docx", "odt", "pdf", "xlsx", "ods")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


VALID_FILES = {fmt: PDF if fmt == "pdf" else document_bytes(fmt) for fmt in FORMATS}


def _template_files():
    """Files for some of the five format inputs: valid ones, or fuzzed."""
    valid = st.sampled_from(FORMATS).map(lambda fmt: (fmt, VALID_FILES[fmt], f"modèle.{fmt}"))
    fuzzed = st.sampled_from(FORMATS).flatmap(lambda fmt: st.tuples(
        st.just(fmt), st.one_of(st.just(VALID_FILES[fmt]), file_contents()),
        st.one_of(st.just(f"modèle.{fmt}"), file_names())))
    return st.lists(st.one_of(valid, fuzzed), max_size=3, unique_by=lambda item: item[0]).map(
        lambda items: {fmt: [(content, name)] for fmt, content, name in items})


def _whole_templates(response) -> None:
    for template in db.session.scalars(select(DocumentTemplate)):
        assert template.title and len(template.title) <= 200
        assert template.current_version is not None
        assert template.current_version.files, "a version always has a file"
        for file in template.current_version.files:
            assert file.original_name and "/" not in file.original_name and file.size > 0


@pytest.fixture()
def template(world):
    data = TemplateData("Demande de prix – fournitures", TemplateCategory.MARCHE_FOURNITURES,
                        "Un *modèle*.", True)
    created = create_template(db.session.get(User, world.manager.id), data, "Première",
                              {"docx": office_file("docx", "modèle.docx")})
    db.session.commit()
    return created


def test_template_new(app, world, template):
    fuzzer = Fuzzer("POST /gestion/modeles/nouveau", world.manager_client,
                    token_from="/gestion/modeles/nouveau", whole=_whole_templates,
                    views=["/gestion/modeles", "/modeles"])
    valid = {"title": "Convention de prêt", "category": "marches-fournitures",
             "description": "Texte.", "indicative": "y", "note": "Première version"}

    @fuzz_settings(30)
    @given(data=form_data(valid, {"category": maybe_missing(field("autres"))}),
           files=_template_files())
    def check(data, files):
        fuzzer.post("/gestion/modeles/nouveau", data, files=files)

    check()
    fuzzer.sweep("POST", "/gestion/modeles/nouveau", valid, names=["title", "category"],
                 files={"pdf": [(PDF, "modèle.pdf")]})


def test_template_edit_version_publish_move(app, world, template):
    path = f"/gestion/modeles/{template.id}"
    fuzzer = Fuzzer("POST /gestion/modeles/<id>", world.manager_client, token_from=path,
                    whole=_whole_templates,
                    views=["/modeles", f"/modeles/{template.id}", "/", "/gestion/modeles"])
    version = Fuzzer("POST /gestion/modeles/<id>/version", world.manager_client,
                     token_from=path, whole=_whole_templates)
    buttons = Fuzzer("POST /gestion/modeles/<id>/publication|deplacer", world.manager_client,
                     token_from=path, whole=_whole_templates)
    valid = {"title": "Demande de prix – fournitures", "category": "marches-services",
             "description": "Nouveau texte.", "indicative": ""}

    @fuzz_settings(30)
    @given(data=form_data(valid, {"indicative": maybe_missing(checkbox())}),
           note=often("Mise à jour des seuils 2026"), files=_template_files(),
           published=often("0", "1"), direction=often("up", "down"),
           next_path=maybe_missing(field("/gestion/modeles", "//evil.test", "https://evil.test")),
           template_id=path_ids(template.id))
    def check(data, note, files, published, direction, next_path, template_id):
        fuzzer.post(f"/gestion/modeles/{template_id}", data)
        version.post(f"/gestion/modeles/{template_id}/version", {"note": note}, files=files)
        for response in buttons.post(f"/gestion/modeles/{template_id}/publication",
                                     {"published": published, "next": next_path}):
            assert not response.headers.get("Location", "/").startswith(("//", "http"))
        buttons.post(f"/gestion/modeles/{template_id}/deplacer", {"direction": direction})

    check()
    fuzzer.sweep("POST", path, valid)


MISSION = {"title": "Conseil en marchés publics", "slug": "", "summary": "Un résumé.",
           "body": "Le **corps**.", "theme": "Soutien aux pouvoirs locaux",
           "contact_service": "Cellule marchés", "contact_email": "marches@province.test",
           "contact_phone": "063 21 22 23"}
CENTRALE = {"title": "Sel de déneigement", "slug": "", "domain": "fournitures",
            "reference": "CA-2026-01", "description": "Une *centrale*.",
            "valid_from": TODAY.isoformat(), "valid_until": (TODAY + timedelta(days=365))
            .strftime("%d/%m/%Y"), "adhesion_deadline": (TODAY + timedelta(days=30)).isoformat()}
CONTENT = {
    "missions": (Mission, MISSION, {
        "slug": maybe_missing(field("mission-fuzz", "Avec Espace", "-x-")),
        "contact_email": maybe_missing(field("", "pas-une-adresse")),
        "contact_phone": maybe_missing(field("", "+32 (0)63/21.22.23")),
    }),
    "centrales": (Centrale, CENTRALE, {
        "slug": maybe_missing(field("centrale-fuzz", "Avec Espace")),
        "domain": maybe_missing(field("services", "travaux")),
        "valid_from": maybe_missing(dates("")), "valid_until": maybe_missing(dates("")),
        "adhesion_deadline": maybe_missing(dates("")),
    }),
}


def _whole_content(model):
    def whole(response) -> None:
        slugs = set()
        for item in db.session.scalars(select(model)):
            assert item.title and item.title == item.title.strip() and len(item.title) <= 200
            assert item.slug and item.slug not in slugs
            slugs.add(item.slug)
            if model is Mission:
                assert item.theme.strip()
            else:
                assert item.valid_from is None or item.valid_until is None \
                    or item.valid_from <= item.valid_until
            for document in item.documents:
                assert document.title.strip() and document.original_name
                assert "/" not in document.original_name and document.size > 0

    return whole


@pytest.mark.parametrize("section", list(CONTENT))
def test_content_new_and_edit(app, world, section):
    model, valid, special = CONTENT[section]
    item = make_mission(db) if model is Mission else make_centrale(db)
    new_path, edit_path = f"/gestion/{section}/nouvelle", f"/gestion/{section}/{item.id}"
    def public_views():
        stored = db.session.get(model, item.id)
        db.session.rollback()
        return f"/{section}/{stored.slug}"

    views = [f"/{section}", f"/gestion/{section}", "/", public_views]
    if model is Centrale:
        views += ["/centrales.atom", "/centrales?statut=ouverte", "/centrales?statut=cloturee",
                  (world.visitor, "/centrales"), f"/gestion/centrales/{item.id}/adherents"]
    new = Fuzzer(f"POST {new_path}", world.manager_client, token_from=new_path,
                 whole=_whole_content(model), views=views[:3])
    edit = Fuzzer(f"POST /gestion/{section}/<id>", world.manager_client, token_from=edit_path,
                  whole=_whole_content(model), views=views)

    @fuzz_settings(25)
    @given(data=form_data(valid, special), item_id=path_ids(item.id))
    def check(data, item_id):
        new.post(new_path, data)
        edit.post(f"/gestion/{section}/{item_id}", data)

    check()
    edit.sweep("POST", edit_path, valid)


@pytest.mark.parametrize("section", list(CONTENT))
def test_content_documents_and_buttons(app, world, section):
    model = CONTENT[section][0]
    item = make_mission(db) if model is Mission else make_centrale(db)
    documents = [add_document(db, item, title=f"Document {n}").id for n in range(3)]
    path = f"/gestion/{section}/{item.id}"
    upload = Fuzzer(f"POST /gestion/{section}/<id>/documents", world.manager_client,
                    token_from=path, whole=_whole_content(model))
    buttons = Fuzzer(f"POST /gestion/{section}/<id>/publication|deplacer|documents/<id>/"
                     "supprimer", world.manager_client, token_from=path,
                     whole=_whole_content(model))

    @fuzz_settings(30)
    @given(title=st.one_of(st.just("Cahier spécial des charges"), maybe_missing(hostile())),
           file=st.one_of(st.none(), st.just((PDF, "cahier spécial.pdf")),
                          st.tuples(st.one_of(st.just(PDF), file_contents()), file_names())),
           published=often("0", "1"),
           next_path=maybe_missing(field(f"/gestion/{section}", "//evil.test")),
           direction=often("up", "down"),
           document_id=path_ids(*documents), item_id=path_ids(item.id))
    def check(title, file, published, next_path, direction, document_id, item_id):
        upload.post(f"/gestion/{section}/{item_id}/documents", {"title": title},
                    files={"document": [file]} if file else None)
        base = f"/gestion/{section}/{item_id}"
        for response in buttons.post(base + "/publication",
                                     {"published": published, "next": next_path}):
            assert not response.headers.get("Location", "/").startswith(("//", "http"))
        buttons.post(base + "/deplacer", {"direction": direction})
        buttons.post(f"{base}/documents/{document_id}/supprimer")

    check()


def test_adhesions(app, world):
    centrale = make_centrale(db)

    def whole(response) -> None:
        for adhesion in db.session.scalars(select(Adhesion)):
            assert adhesion.institution.is_member and adhesion.centrale_id == centrale.id

    adherents = f"/gestion/centrales/{centrale.id}/adherents"
    adhere = Fuzzer("POST /centrales/<slug>/adherer", world.referent_client,
                    token_from=f"/centrales/{centrale.slug}", whole=whole,
                    views=["/compte", (world.manager_client, adherents),
                           (world.manager_client, adherents + ".csv"),
                           (world.manager_client, "/gestion/courriels")])
    decide = Fuzzer("POST /gestion/adhesions/<id>", world.manager_client,
                    token_from=adherents, whole=whole,
                    views=[adherents + ".csv", (world.referent_client, "/compte")])
    decision = form_data({"decision": "decline", "reason": "Hors délai."},
                         {"decision": maybe_missing(field("confirm", "decline"))})

    @fuzz_settings(30)
    @given(message=maybe_missing(field("Nous souhaitons adhérer pour 2027.")), data=decision,
           other_id=st.one_of(st.none(), path_ids()))
    def check(message, data, other_id):
        db.session.execute(Adhesion.__table__.delete())
        db.session.commit()
        adhere.post(f"/centrales/{centrale.slug}/adherer", {"message": message})
        adhesion = db.session.scalar(select(Adhesion))
        if adhesion is None:
            adhesion = Adhesion(centrale_id=centrale.id, institution_id=world.durbuy.id,
                                status=AdhesionStatus.PENDING)
            db.session.add(adhesion)
            db.session.commit()
        decide.post(f"/gestion/adhesions/{other_id or adhesion.id}", data)

    check()
