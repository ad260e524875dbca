"""Fuzzing the annonces section beyond the ad form itself (already fuzzed
in tests/annonces/test_manage_validation.py): the list's query string, the
mise en relation (answer, thread reply), closing, reopening, hiding, saved
alerts, attachments (file names and contents) and the edit form."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from flask import current_app
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select, update

from app.extensions import db
from app.localtime import brussels_today
from app.models import (
    Annonce,
    AnnonceAttachment,
    AnnonceMessage,
    AnnonceStatus,
    SavedSearch,
)
from tests.fuzz.conftest import fuzz_settings
from tests.fuzz.harness import Fuzzer
from tests.fuzz.strategies import (
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

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _annonce(world) -> Annonce:
    return db.session.get(Annonce, world.annonce.id)


def _set_status(world, status: AnnonceStatus, **fields) -> None:
    db.session.execute(update(Annonce).where(Annonce.id == world.annonce.id)
                       .values(status=status, **fields))
    db.session.commit()


def test_annonces_list(app, world):
    fuzzer = Fuzzer("GET /annonces", world.referent_client, token_from=None,
                    baseline_path="/annonces", htmx=True, stores=False)
    query = form_data({}, {
        "q": maybe_missing(field("état civil", "podium")),
        "kind": maybe_missing(field("demande", "offre")),
        "category": maybe_missing(field("soutien-humain", "pret-materiel")),
        "institution_kind": maybe_missing(field("commune", "cpas")),
        "arrondissement": maybe_missing(field("Arlon", "Virton")),
        "status": maybe_missing(field("toutes", "pourvue", "masquee")),
        "sort": maybe_missing(field("fin", "recent")),
        "page": maybe_missing(numbers("2", "500", "501")),
    })

    @fuzz_settings(40)
    @given(query=query)
    def check(query):
        fuzzer.get("/annonces", query)

    check()
    fuzzer.sweep("GET", "/annonces", {"q": "podium", "kind": "offre", "category": "autre",
                                      "institution_kind": "commune", "arrondissement": "Arlon",
                                      "status": "toutes", "sort": "fin", "page": "2"})


def _whole_messages(response) -> None:
    for message in db.session.scalars(select(AnnonceMessage)):
        assert message.body and message.body == message.body.strip()
        assert len(message.body) <= 5000 and message.sender_id is not None


def test_answer(app, world):
    fuzzer = Fuzzer("POST /annonces/<id>/repondre", world.durbuy_client,
                    token_from=f"/annonces/{world.annonce.id}", htmx=True,
                    whole=_whole_messages,
                    views=[(world.referent_client, f"/annonces/{world.annonce.id}"),
                           (world.manager_client, "/gestion/courriels")])

    @fuzz_settings(30)
    @given(message=maybe_missing(field("Nous pouvons vous prêter un agent.")),
           annonce_id=path_ids(world.annonce.id))
    def check(message, annonce_id):
        fuzzer.post(f"/annonces/{annonce_id}/repondre", {"message": message})

    check()


def test_thread_reply(app, world):
    answer = Fuzzer("answer", world.durbuy_client, token_from="/annonces", setup=True)
    answer.post(f"/annonces/{world.annonce.id}/repondre", {"message": "Bonjour, intéressés."})
    fuzzer = Fuzzer("POST /annonces/<id>/fil/<partner>", world.referent_client,
                    token_from=f"/annonces/{world.annonce.id}", htmx=True,
                    whole=_whole_messages)

    @fuzz_settings(30)
    @given(message=maybe_missing(field("Merci, appelez-nous au 063 00 00 00.")),
           partner_id=path_ids(world.durbuy.id, world.arlon.id, world.etalle.id))
    def check(message, partner_id):
        fuzzer.post(f"/annonces/{world.annonce.id}/fil/{partner_id}", {"message": message})

    check()


def test_close_and_reopen(app, world):
    def whole(response) -> None:
        annonce = _annonce(world)
        if annonce.status in (AnnonceStatus.POURVUE, AnnonceStatus.ANNULEE):
            assert annonce.closed_at is not None
            helper = annonce.helped_by
            assert helper is None or (helper.is_member and helper.id != world.arlon.id)
        else:
            assert annonce.status == AnnonceStatus.OPEN and annonce.closed_at is None

    fuzzer = Fuzzer("POST /annonces/<id>/cloturer|rouvrir", world.referent_client,
                    token_from="/annonces", whole=whole,
                    views=["/annonces?status=toutes",
                           (world.manager_client, "/gestion/statistiques")])
    fields = form_data({"outcome": "pourvue", "helped_by": str(world.durbuy.id)}, {
        "outcome": maybe_missing(field("annulee")),
        "helped_by": maybe_missing(ids(world.arlon.id, world.etalle.id, world.province.id)),
    })

    @fuzz_settings(40)
    @given(data=fields, action=st.sampled_from(["cloturer", "rouvrir"]),
           annonce_id=path_ids(world.annonce.id))
    def check(data, action, annonce_id):
        if action == "cloturer":
            _set_status(world, AnnonceStatus.OPEN, closed_at=None, helped_by_id=None)
        else:
            _set_status(world, AnnonceStatus.ANNULEE)
        fuzzer.post(f"/annonces/{annonce_id}/{action}", data)

    check()
    fuzzer.sweep("POST", f"/annonces/{world.annonce.id}/cloturer",
                 {"outcome": "pourvue", "helped_by": str(world.durbuy.id)},
                 before_each=lambda: _set_status(world, AnnonceStatus.OPEN, closed_at=None,
                                                 helped_by_id=None))


def test_hide_and_unhide(app, world):
    def whole(response) -> None:
        annonce = _annonce(world)
        if annonce.status == AnnonceStatus.MASQUEE:
            assert annonce.hidden_reason.strip() and annonce.hidden_by_id == world.manager.id
            assert annonce.hidden_at is not None
        else:
            assert not annonce.hidden_reason and annonce.hidden_by_id is None

    fuzzer = Fuzzer("POST /annonces/<id>/masquer|afficher", world.manager_client,
                    token_from="/annonces", whole=whole,
                    views=["/gestion/annonces", "/gestion/journal", "/gestion/courriels",
                           (world.referent_client, f"/annonces/{world.annonce.id}")])

    @fuzz_settings(30)
    @given(reason=maybe_missing(field("Annonce commerciale hors sujet.")),
           action=st.sampled_from(["masquer", "afficher"]),
           annonce_id=path_ids(world.annonce.id))
    def check(reason, action, annonce_id):
        if action == "masquer":
            _set_status(world, AnnonceStatus.OPEN, hidden_reason="", hidden_by_id=None,
                        hidden_at=None)
        else:
            _set_status(world, AnnonceStatus.MASQUEE, hidden_reason="Motif",
                        hidden_by_id=world.manager.id)
        fuzzer.post(f"/annonces/{annonce_id}/{action}", {"reason": reason})

    check()


def test_save_and_delete_alerts(app, world):
    def whole(response) -> None:
        location = response.headers.get("Location", "")
        assert location.startswith("/") and not location.startswith("//"), location
        for alert in db.session.scalars(select(SavedSearch)):
            assert alert.label and len(alert.label) <= 160
            assert len(alert.query_string) <= 500 and "\n" not in alert.query_string

    fuzzer = Fuzzer("POST /annonces/alertes/enregistrer|<id>/supprimer", world.agent_client,
                    token_from="/annonces", whole=whole, views=["/annonces/alertes"])
    query_string = st.one_of(
        st.sampled_from(["kind=demande&q=podium", "status=toutes", "", "page=3&sort=fin"]),
        hostile(),
        st.dictionaries(st.sampled_from(["q", "kind", "category", "arrondissement",
                                         "status", "sort", "page", "x"]), hostile(),
                        max_size=4).map(lambda args: "&".join(f"{k}={v}"
                                                               for k, v in args.items())))

    @fuzz_settings(40)
    @given(data=form_data({"query_string": "kind=offre", "label": ""},
                          {"query_string": maybe_missing(query_string)}),
           delete_id=path_ids(1, 2, 3))
    def check(data, delete_id):
        fuzzer.post("/annonces/alertes/enregistrer", data)
        fuzzer.post(f"/annonces/alertes/{delete_id}/supprimer")

    check()
    fuzzer.sweep("POST", "/annonces/alertes/enregistrer",
                 {"query_string": "kind=offre", "label": "Mon alerte"})


def _whole_attachments(response) -> None:
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    for attachment in db.session.scalars(select(AnnonceAttachment)):
        name = attachment.original_name
        assert name and "/" not in name and "\\" not in name and "\x00" not in name
        assert attachment.size > 0 and (folder / attachment.stored_name).is_file()


UPLOADS = st.lists(st.tuples(st.one_of(st.just(PDF), file_contents()), file_names()),
                   min_size=1, max_size=3)


def test_new_annonce_attachments(app, world):
    fuzzer = Fuzzer("POST /annonces/nouvelle (attachments)", world.referent_client,
                    token_from="/annonces/nouvelle", whole=_whole_attachments,
                    views=["/annonces"])
    valid = {"kind": "offre", "category": "pret-materiel", "title": "Prêt d'un podium",
             "body": "Podium de 6 m sur 4 m.", "start_date": "", "end_date": "",
             "quantity": "1 podium"}

    @fuzz_settings(40)
    @given(uploads=UPLOADS, data=form_data(valid, {}))
    def check(uploads, data):
        fuzzer.post("/annonces/nouvelle", data, files={"attachments": uploads})

    check()


def test_edit_annonce(app, world):
    def whole(response) -> None:
        annonce = _annonce(world)
        assert annonce.title and annonce.title == annonce.title.strip()
        assert len(annonce.title) <= 160 and len(annonce.quantity) <= 160
        assert annonce.expires_on is not None
        if annonce.start_date and annonce.end_date:
            assert annonce.start_date <= annonce.end_date
        _whole_attachments(response)

    fuzzer = Fuzzer("POST /annonces/<id>/modifier", world.referent_client,
                    token_from=f"/annonces/{world.annonce.id}/modifier", whole=whole,
                    views=["/annonces", "/annonces?sort=fin", f"/membres/{world.arlon.slug}",
                           (world.durbuy_client, f"/annonces/{world.annonce.id}"),
                           (world.manager_client, "/gestion/annonces"),
                           (world.manager_client, "/gestion/exports/annonces.csv")])
    today = brussels_today()
    valid = {"kind": "demande", "category": "soutien-humain",
             "title": "Agent d'état civil pour trois jours", "body": "Texte *modifié*.",
             "start_date": today.isoformat(),
             "end_date": (today + timedelta(days=3)).strftime("%d/%m/%Y"),
             "quantity": "1 agent", "location": "", "contact": str(world.referent.id),
             "expires_on": (today + timedelta(days=30)).isoformat()}
    fields = form_data(valid, {
        "start_date": maybe_missing(dates()), "end_date": maybe_missing(dates()),
        "expires_on": maybe_missing(dates()),
        "location": maybe_missing(ids(world.arlon.id, world.province.id)),
        "contact": maybe_missing(ids(world.agent.id, world.durbuy_referent.id)),
    })

    @fuzz_settings(40)
    @given(data=fields, uploads=st.one_of(st.just([]), UPLOADS))
    def check(data, uploads):
        fuzzer.post(f"/annonces/{world.annonce.id}/modifier", data,
                    files={"attachments": uploads} if uploads else None)

    check()


def test_delete_attachment(app, world):
    def whole(response) -> None:
        _whole_attachments(response)

    setup = Fuzzer("attachments", world.referent_client,
                   token_from=f"/annonces/{world.annonce.id}/modifier", setup=True)
    for number in range(3):
        setup.post(f"/annonces/{world.annonce.id}/modifier",
                   {"kind": "demande", "category": "soutien-humain", "title": "Titre",
                    "expires_on": (brussels_today() + timedelta(days=30)).isoformat(),
                    "contact": str(world.referent.id)},
                   files={"attachments": [(PDF, f"piece-{number}.pdf")]})
    known = list(db.session.scalars(select(AnnonceAttachment.id)))
    assert len(known) == 3
    fuzzer = Fuzzer("POST /annonces/<id>/pieces/<id>/supprimer", world.referent_client,
                    token_from=f"/annonces/{world.annonce.id}/modifier", htmx=True,
                    whole=whole)

    @fuzz_settings(20)
    @given(attachment_id=path_ids(*known), annonce_id=path_ids(world.annonce.id))
    def check(attachment_id, annonce_id):
        fuzzer.post(f"/annonces/{annonce_id}/pieces/{attachment_id}/supprimer")

    check()
