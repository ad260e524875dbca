"""Fuzzing the annonces section beyond the ad form itself (already fuzzed
in tests/annonces/test_manage_validation.py): the list's query string, the
mise en relation (answer, thread reply), closing, reopening, hiding and saved
alerts. Attachments and the edit form: test_annonce_attachment_forms.py."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select, update

from app.extensions import db
from app.models import (
    Annonce,
    AnnonceMessage,
    AnnonceStatus,
    SavedSearch,
)
from tests.fuzz.conftest import fuzz_settings
from tests.fuzz.harness import Fuzzer
from tests.fuzz.strategies import (
    field,
    form_data,
    hostile,
    ids,
    maybe_missing,
    numbers,
    path_ids,
)


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
