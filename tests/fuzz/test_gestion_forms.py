"""Fuzzing the back office (managers): list filters, registration decisions,
institutions and users, templates, missions, centrals and their documents,
adhesions, the email log and the Markdown preview."""
from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select, update

from app.auth.tokens import make_token
from app.blueprints.modeles.services import TemplateData, create_template
from app.extensions import db
from app.localtime import brussels_today
from app.models import (
    Adhesion,
    AdhesionStatus,
    Centrale,
    DocumentTemplate,
    Institution,
    InstitutionKind,
    Mission,
    OutboxStatus,
    RegistrationRequest,
    RegistrationStatus,
    TemplateCategory,
    User,
    UserStatus,
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
    ids,
    maybe_missing,
    numbers,
    path_ids,
)
from tests.modeles.files import document_bytes, office_file
from tests.outbox.messages import add_message

_numbers = itertools.count(1)
TODAY = brussels_today()

# Every GET list of the back office with its filters (valid values first).
LISTS = {
    "/gestion/courriels": {"statut": "dead", "destinataire": "arlon", "page": "2"},
    "/gestion/utilisateurs": {"q": "Agent", "page": "2"},
    "/gestion/inscriptions": {"statut": "refusees", "q": "Étalle", "page": "2"},
    "/gestion/institutions": {"kind": "commune", "statut": "adherente", "q": "Arlon"},
    "/gestion/annonces": {"statut": "masquee", "type": "demande", "categorie": "autre",
                          "q": "agent", "page": "2"},
    "/gestion/journal": {"action": "annonce.hidden", "acteur": "Gestion", "du": "01/01/2026",
                         "au": "2026-12-31", "page": "2"},
    "/gestion/statistiques": {"periode": "12-mois", "du": "01/01/2026", "au": "31/12/2026"},
    "/gestion/exports/annonces.csv": {"statut": "ouverte", "type": "offre", "q": "agent"},
    "/gestion/exports/statistiques.csv": {"periode": "annee", "du": "01/01/2026",
                                          "au": "31/01/2026"},
}


@pytest.mark.parametrize("path", list(LISTS))
def test_back_office_lists(app, world, path):
    fuzzer = Fuzzer(f"GET {path}", world.manager_client, token_from=None,
                    baseline_path=path, htmx=not path.endswith(".csv"), stores=False)
    valid = LISTS[path]
    special = {"page": maybe_missing(numbers()), "du": maybe_missing(dates()),
               "au": maybe_missing(dates())}
    query = form_data({}, {name: special.get(name, maybe_missing(field(value)))
                           for name, value in valid.items()})

    @fuzz_settings(15)
    @given(query=query)
    def check(query):
        fuzzer.get(path, query)

    check()
    fuzzer.sweep("GET", path, valid)


def test_export_kinds(app, world):
    fuzzer = Fuzzer("GET /gestion/exports/<kind>.csv", world.manager_client, token_from=None,
                    baseline_path="/gestion", stores=False, allow_400=True)

    @fuzz_settings(20)
    @given(kind=st.one_of(st.sampled_from(["membres", "utilisateurs", "annonces",
                                           "statistiques"]), hostile()))
    def check(kind):
        from urllib.parse import quote
        fuzzer.get(f"/gestion/exports/{quote(kind, safe='') or 'x'}.csv")

    check()


def _pending_registration(world) -> RegistrationRequest:
    number = next(_numbers)
    institution = Institution(kind=InstitutionKind.CPAS, name=f"CPAS de Fuzz {number}",
                              short_name=f"Fuzz {number}", slug=f"cpas-fuzz-{number}",
                              is_reference=True, is_member=False)
    registration = RegistrationRequest(institution=institution, name="Jean Lambert",
                                       function="Directeur", consent=True,
                                       email=f"jean.lambert{number}@fuzz.test")
    db.session.add(registration)
    db.session.commit()
    return registration


def _whole_decisions(response) -> None:
    for registration in db.session.scalars(select(RegistrationRequest)):
        if registration.status == RegistrationStatus.APPROVED:
            assert registration.institution.is_member and registration.user_id
            assert registration.user.is_referent and registration.decided_by_id
        elif registration.status == RegistrationStatus.REFUSED:
            assert registration.refusal_reason.strip() and registration.decided_at
        else:
            assert registration.decided_at is None and not registration.institution.is_member


def test_registration_decisions(app, world):
    fuzzer = Fuzzer("POST /gestion/inscriptions/<id>/decision", world.manager_client,
                    token_from="/gestion/inscriptions", htmx=True, whole=_whole_decisions,
                    views=["/gestion/inscriptions?statut=refusees", "/membres", "/",
                           "/gestion/journal"])
    link = Fuzzer("POST /inscription/decision/<token>", world.manager_client,
                  token_from="/gestion/inscriptions", whole=_whole_decisions)
    resend = Fuzzer("POST /gestion/inscriptions/<id>/renvoyer", world.manager_client,
                    token_from="/gestion/inscriptions")
    fields = form_data({"decision": "refuse", "reason": "Institution déjà membre."},
                       {"decision": maybe_missing(field("approve", "refuse"))})

    @fuzz_settings(30)
    @given(data=fields, use_link=st.booleans(), other_id=st.one_of(st.none(), path_ids()))
    def check(data, use_link, other_id):
        registration = _pending_registration(world)
        if use_link:
            with app.test_request_context():
                token = make_token("registration-decision", r=registration.id)
            link.post(f"/inscription/decision/{token}", data)
        else:
            fuzzer.post(f"/gestion/inscriptions/{other_id or registration.id}/decision", data)
        resend.post(f"/gestion/inscriptions/{other_id or registration.id}/renvoyer")

    check()
    registration = _pending_registration(world)
    fuzzer.sweep("POST", f"/gestion/inscriptions/{registration.id}/decision",
                 {"decision": "refuse", "reason": "Motif"})


def _whole_institutions(response) -> None:
    for institution in db.session.scalars(select(Institution)):
        assert institution.name and institution.name == institution.name.strip()
        assert institution.short_name and institution.slug
        assert institution.postal_code is None or len(institution.postal_code) == 4
        if institution.kind == InstitutionKind.CPAS and institution.commune_id is not None:
            assert institution.commune.kind == InstitutionKind.COMMUNE


def test_new_institution(app, world, make_institution):
    zone = make_institution(InstitutionKind.ZONE_POLICE, name="Zone de police Arlon-Attert")
    fuzzer = Fuzzer("POST /gestion/institutions/nouvelle", world.manager_client,
                    token_from="/gestion/institutions/nouvelle", whole=_whole_institutions,
                    views=["/gestion/institutions", "/inscription", "/membres",
                           "/gestion/exports/membres.csv"])
    valid = {"name": "Commune de Bastogne-Bertogne", "short_name": "Bastogne",
             "kind": "commune", "arrondissement": "Arlon", "postal_code": "6600",
             "police_zone": str(zone.id), "commune": ""}
    fields = form_data(valid, {
        "kind": maybe_missing(field("cpas", "zone_police", "province")),
        "police_zone": maybe_missing(ids(world.arlon.id, world.province.id)),
        "commune": maybe_missing(ids(world.arlon.id, zone.id)),
        "postal_code": maybe_missing(field("0999", "66000")),
    })

    @fuzz_settings(40)
    @given(data=fields, suffix=st.integers(0, 10**6))
    def check(data, suffix):
        if data.get("name") == valid["name"]:
            data = {**data, "name": f"{valid['name']} {suffix}"}
        fuzzer.post("/gestion/institutions/nouvelle", data)

    check()
    fuzzer.sweep("POST", "/gestion/institutions/nouvelle", {**valid, "name": "Commune Neuve"},
                 names=["kind", "arrondissement", "postal_code", "police_zone", "commune"])


def _reset_durbuy(world) -> None:
    db.session.execute(update(Institution).where(Institution.id == world.durbuy.id).values(
        suspended_at=None, retired_at=None, is_member=True))
    db.session.execute(update(User).where(User.institution_id == world.durbuy.id).values(
        status=UserStatus.ACTIVE, is_referent=False))
    db.session.execute(update(User).where(User.id == world.durbuy_referent.id).values(
        is_referent=True))
    db.session.commit()


def test_institution_actions(app, world, make_user):
    colleague = make_user(institution=world.durbuy, name="Agent Durbuy")

    def whole(response) -> None:
        durbuy = db.session.get(Institution, world.durbuy.id)
        referents = [u for u in durbuy.users if u.is_referent]
        assert len(referents) <= 1
        if durbuy.retired_at is not None:
            assert not durbuy.is_member

    fuzzer = Fuzzer("POST /gestion/institutions/<id>/suspendre|retirer|referent",
                    world.manager_client, token_from=f"/gestion/institutions/{world.durbuy.id}",
                    whole=whole)
    data = form_data({"action": "suspend", "confirm": "y", "user_id": str(colleague.id)}, {
        "action": maybe_missing(field("reactivate")), "confirm": maybe_missing(checkbox()),
        "user_id": maybe_missing(ids(world.durbuy_referent.id, world.agent.id)),
    })

    @fuzz_settings(40)
    @given(data=data, action=st.sampled_from(["suspendre", "retirer", "referent"]),
           institution_id=path_ids(world.durbuy.id, world.province.id))
    def check(data, action, institution_id):
        _reset_durbuy(world)
        fuzzer.post(f"/gestion/institutions/{institution_id}/{action}", data)

    check()
    _reset_durbuy(world)


def _throwaway_user(world) -> User:
    number = next(_numbers)
    user = User(institution_id=world.province.id, email=f"jetable{number}@province.test",
                name=f"Agent jetable {number}", status=UserStatus.ACTIVE)
    db.session.add(user)
    db.session.commit()
    return user


def test_user_actions(app, world):
    other_manager = _throwaway_user(world)
    other_manager.is_manager = True
    db.session.commit()

    def whole(response) -> None:
        managers = db.session.scalars(select(User).where(
            User.is_manager.is_(True), User.status == UserStatus.ACTIVE)).all()
        assert managers, "the platform always keeps one active manager"
        for user in db.session.scalars(select(User).where(
                User.status == UserStatus.ANONYMISED)):
            assert "@" not in user.name and not user.phone and not user.is_manager

    fuzzer = Fuzzer("POST /gestion/utilisateurs/<id>/gestionnaire|suspendre|anonymiser",
                    world.manager_client, token_from="/gestion/utilisateurs", whole=whole)
    data = form_data({"grant": "1", "action": "suspend", "confirm": "y"}, {
        "grant": maybe_missing(field("0")), "action": maybe_missing(field("reactivate")),
        "confirm": maybe_missing(checkbox())})

    @fuzz_settings(40)
    @given(data=data, action=st.sampled_from(["gestionnaire", "suspendre", "anonymiser"]),
           pick=st.sampled_from(["throwaway", "manager", "agent", "unknown"]))
    def check(data, action, pick):
        # Not the logged-in manager: withdrawing their own role would log them out.
        user_id = {"throwaway": lambda: _throwaway_user(world).id,
                   "manager": lambda: other_manager.id, "agent": lambda: world.agent.id,
                   "unknown": lambda: 2**31 - 1}[pick]()
        fuzzer.post(f"/gestion/utilisateurs/{user_id}/{action}", data)

    check()
    # Found by the fuzzing: an erased account could be made a manager again.
    erased = _throwaway_user(world)
    erased.status = UserStatus.ANONYMISED
    db.session.commit()
    fuzzer.post(f"/gestion/utilisateurs/{erased.id}/gestionnaire", {"grant": "1"})
    assert not db.session.get(User, erased.id).is_manager


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


def test_email_retry(app, world):
    messages = [add_message(status=status).id for status in OutboxStatus]
    fuzzer = Fuzzer("POST /gestion/courriels/<id>/renvoyer", world.manager_client,
                    token_from="/gestion/courriels")

    @fuzz_settings(20)
    @given(message_id=path_ids(*messages), junk=maybe_missing(hostile()))
    def check(message_id, junk):
        fuzzer.post(f"/gestion/courriels/{message_id}/renvoyer", {"x": junk})

    check()


def test_markdown_preview(app, world):
    fuzzer = Fuzzer("POST /gestion/apercu", world.manager_client, token_from="/gestion",
                    htmx=True, stores=False)
    text = st.one_of(hostile(), st.sampled_from([
        "<script>xfuzz()</script>", "[x](javascript:xfuzz())", '<img src=x onerror="xfuzz()">',
        "**gras** <x-fuzz>", '<a href="#" hx-get="/xfuzz">x</a>']))

    @fuzz_settings(30)
    @given(field_name=maybe_missing(field("body", "description", "text")), text=text)
    def check(field_name, text):
        fuzzer.post("/gestion/apercu", {"_field": field_name, field_name or "text": text})

    check()
