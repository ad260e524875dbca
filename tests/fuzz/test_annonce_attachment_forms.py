"""Fuzzing the attachments of annonces (file names and contents, on a new
ad, on the edit form and when deleting one) and the edit form itself."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from flask import current_app
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from app.extensions import db
from app.localtime import brussels_today
from app.models import AddressedTo, Annonce, AnnonceAttachment
from tests.fuzz.conftest import fuzz_settings
from tests.fuzz.harness import Fuzzer
from tests.fuzz.strategies import (
    checkbox,
    dates,
    field,
    file_contents,
    file_names,
    form_data,
    ids,
    maybe_missing,
    path_ids,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


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
        annonce = db.session.get(Annonce, world.annonce.id)
        assert annonce.title and annonce.title == annonce.title.strip()
        assert len(annonce.title) <= 160 and len(annonce.quantity) <= 160
        assert annonce.expires_on is not None
        if annonce.start_date and annonce.end_date:
            assert annonce.start_date <= annonce.end_date
        assert annonce.addressed_to in AddressedTo
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
        "urgent": maybe_missing(checkbox()),
        "addressed_to": maybe_missing(field("tous", "province")),
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
