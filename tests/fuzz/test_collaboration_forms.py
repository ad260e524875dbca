"""Fuzzing the collaborations (SPEC 2.9), part one: the proposal made from an
annonce, by the ad's institution (which names its partner) and by the one
that answered it; the month calendar of an equipment offer (`mois`); the
private calendar feed with hostile tokens. The steps that follow a
proposal: test_collaboration_step_forms.py."""
from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.extensions import db
from app.localtime import brussels_today
from app.models import (
    AnnonceCategory,
    AnnonceKind,
    AnnonceMessage,
    Collaboration,
    CollaborationKind,
    CollaborationStatus,
    CostTerms,
)
from tests.fuzz.conftest import fuzz_settings
from tests.fuzz.harness import Fuzzer
from tests.fuzz.strategies import (
    dates,
    field,
    form_data,
    hostile,
    ids,
    maybe_missing,
    numbers,
    path_ids,
)

AMOUNTS = ("250", "12,50", "0", "1 000,5", "99999999.99", "100000000", "-1", "1e3",
           "NaN", "Infinity", "-0", "0,001", "12.5.0")
TOKENS = {"arlon": "A" * 20 + "rlon-feed_token-0123456789abcdef",
          "durbuy": "durbuy_" + "x" * 36, "etalle": "etalle-not-a-member-" + "y" * 23}
MONTHS = ("2026-11", "2000-01", "2100-12", "1999-12", "2101-01", "2026-13", "2026-00",
          "2026-1", "26-11", "2026-11-01", "2026/11", "11-2026", "٢٠٢٦-١١", "２０２６-１１",
          " 2026-11", "2026-11 ", "2026-11\n", "+2026-11", "0000-01", "9999-12", "")
MONTH = re.compile(r"[0-9]{4}-[0-9]{2}")


def answered(annonce, sender) -> None:
    """`sender`'s institution answers `annonce`: the thread that puts the two
    institutions in touch."""
    db.session.add(AnnonceMessage(annonce=annonce, partner_id=sender.institution_id,
                                  sender_institution_id=sender.institution_id,
                                  sender=sender, body="Nous pouvons aider."))
    db.session.commit()


@pytest.fixture()
def offer(world, make_annonce):
    """An equipment offer of Arlon (two units, one booked by Durbuy this
    week); Durbuy answered it and world.annonce; each commune has a feed."""
    offer = make_annonce(author=world.referent, kind=AnnonceKind.OFFRE,
                         category=AnnonceCategory.PRET_MATERIEL,
                         title="Prêt de barrières Nadar", quantity_available=2)
    for annonce in (world.annonce, offer):
        answered(annonce, world.durbuy_referent)
    today = brussels_today()
    db.session.add(Collaboration(
        annonce=offer, provider=world.arlon, beneficiary=world.durbuy, proposer=world.durbuy,
        proposed_by=world.durbuy_referent, kind=CollaborationKind.MATERIEL,
        status=CollaborationStatus.ACCEPTEE, start_date=today, end_date=today + timedelta(3),
        description="Barrières Nadar", quantity=1))
    for name, token in TOKENS.items():
        getattr(world, name).calendar_token = token
    db.session.commit()
    return offer


def _feed(name: str) -> str:
    return f"/collaborations/agenda/{TOKENS[name]}.ics"


def _whole_proposals(world):
    sides = {world.arlon.id, world.durbuy.id}

    def whole(response) -> None:
        for item in db.session.scalars(select(Collaboration)):
            assert {item.provider_id, item.beneficiary_id} == sides
            assert item.proposer_id in sides
            assert item.start_date <= item.end_date and item.days <= 366
            description = item.description
            assert description and description == description.strip()
            assert len(description) <= 2000 and len(item.notes) <= 4000
            assert 1 <= item.quantity <= 999
            personnel = item.kind == CollaborationKind.PERSONNEL
            assert (item.days_planned is not None) == personnel
            assert item.days_planned is None or 1 <= item.days_planned <= 9999
            for text in (item.schedule, item.place):
                assert len(text) <= 300 and "\n" not in text and text == text.strip()
            assert (item.daily_rate is not None) == (item.cost_terms == CostTerms.TARIF)
            for amount in (item.daily_rate, item.value_per_day):
                assert amount is None or 0 <= amount <= Decimal("99999999.99")
        booked = db.session.scalar(select(func.count()).select_from(Collaboration).where(
            Collaboration.status != CollaborationStatus.PROPOSEE))
        assert booked == 1  # a proposal never books anything by itself

    return whole


def _proposal(world, with_partner: bool) -> dict[str, str]:
    start = brussels_today() + timedelta(days=7)
    data = {"provider": "partenaire", "kind": "personnel", "start_date": start.isoformat(),
            "end_date": (start + timedelta(days=2)).strftime("%d/%m/%Y"),
            "description": "Agent d'état civil\nà temps plein", "quantity": "1",
            "days_planned": "3", "schedule": "8 h 30 – 16 h", "place": "Maison communale",
            "cost_terms": "tarif", "daily_rate": "250", "value_per_day": "12,50",
            "notes": "Badge à prévoir."}
    if with_partner:
        data["partner"] = str(world.durbuy.id)
    return data


def _proposal_fuzz(world) -> dict:
    """Strategies of the fields with a shape; the free texts (description,
    schedule, place, notes) get any hostile value."""
    today = brussels_today()
    edge_days = [(today + timedelta(days=shift)).isoformat()
                 for shift in (-91, -90, 0, 365, 366, 730, 731)]
    return {
        "partner": maybe_missing(ids(world.durbuy.id, world.arlon.id, world.etalle.id,
                                     world.province.id)),
        "provider": maybe_missing(field("nous", "partenaire")),
        "kind": maybe_missing(field("personnel", "materiel")),
        "start_date": maybe_missing(dates(*edge_days)),
        "end_date": maybe_missing(dates(*edge_days)),
        "quantity": maybe_missing(numbers("1", "2", "3", "999", "1000")),
        "days_planned": maybe_missing(numbers("1", "3", "9999", "10000")),
        "cost_terms": maybe_missing(field("gratuit", "frais", "tarif")),
        "daily_rate": maybe_missing(field(*AMOUNTS)),
        "value_per_day": maybe_missing(field(*AMOUNTS)),
    }


@pytest.mark.parametrize("own", [True, False], ids=["ad-institution", "answering"])
def test_proposal(app, world, offer, own):
    """Arlon (the ad's institution) names Durbuy as its partner; Durbuy
    proposes without a partner field (one sent anyway must be ignored)."""
    client, other = ((world.referent_client, world.durbuy_client) if own
                     else (world.durbuy_client, world.referent_client))

    def latest() -> tuple:
        last = db.session.scalar(select(func.max(Collaboration.id)))
        db.session.rollback()
        return other, f"/collaborations/{last}"

    fuzzer = Fuzzer(f"POST /annonces/<id>/collaboration ({'own ad' if own else 'answering'})",
                    client, token_from=f"/annonces/{world.annonce.id}/collaboration",
                    htmx=True, whole=_whole_proposals(world),
                    views=[latest, "/collaborations", (other, "/collaborations"),
                           (world.manager_client, "/gestion/journal"),
                           (world.manager_client, "/gestion/courriels"),
                           (world.visitor, _feed("arlon")), (world.visitor, _feed("durbuy")),
                           f"/annonces/{offer.id}/calendrier"])
    valid = _proposal(world, with_partner=True)

    @fuzz_settings(60)
    @given(data=form_data(valid, _proposal_fuzz(world)),
           annonce_id=path_ids(world.annonce.id, offer.id))
    def check(data, annonce_id):
        fuzzer.post(f"/annonces/{annonce_id}/collaboration", data)

    check()
    fuzzer.sweep("POST", f"/annonces/{offer.id}/collaboration",
                 {**valid, "kind": "materiel", "provider": "nous" if own else "partenaire"})


def _month_status(annonce_id: int, month: str | None, offer_id: int) -> int:
    """What the calendar must answer: 400 for a NUL byte (refused before
    routing) or a month that is not YYYY-MM from 2000 to 2100, 404 for an
    address that is not an equipment offer, else 200."""
    if month is not None and "\x00" in month:
        return 400
    if annonce_id != offer_id:
        return 404
    if not month:
        return 200
    if MONTH.fullmatch(month) is None:
        return 400
    year, number = int(month[:4]), int(month[5:])
    return 200 if 2000 <= year <= 2100 and 1 <= number <= 12 else 400


def test_calendar_month(app, world, offer):
    """The offer's institution (who sees the bookings), the other member, a
    manager."""
    page = f"/annonces/{offer.id}/calendrier"
    fuzzers = {name: Fuzzer("GET /annonces/<id>/calendrier?mois=", client, token_from=None,
                            baseline_path=page, htmx=True, stores=False, allow_400=True)
               for name, client in (("own", world.referent_client),
                                    ("other", world.durbuy_client),
                                    ("manager", world.manager_client))}
    months = st.one_of(st.sampled_from(MONTHS), hostile(),
                       st.builds("{:04d}-{:02d}".format, st.integers(0, 9999),
                                 st.integers(0, 99)))

    @fuzz_settings(60)
    @given(who=st.sampled_from(sorted(fuzzers)), month=maybe_missing(months),
           annonce_id=path_ids(offer.id, world.annonce.id))
    def check(who, month, annonce_id):
        expected = _month_status(annonce_id, month, offer.id)
        for answer in fuzzers[who].get(f"/annonces/{annonce_id}/calendrier", {"mois": month}):
            assert answer.status_code == expected, (month, annonce_id, answer.status_code)

    check()
    fuzzers["own"].sweep("GET", page, {"mois": "2026-11"})


def test_feed_tokens(app, world, offer):
    """Anyone may call the feed's address: only a member's current token
    opens it (200); anything else is a 404, a NUL byte a 400."""
    fuzzer = Fuzzer("GET /collaborations/agenda/<token>.ics", world.visitor, token_from=None,
                    stores=False, allow_400=True)
    real = TOKENS["arlon"]
    variants = (real, TOKENS["durbuy"], TOKENS["etalle"], real.upper(), real.lower(),
                real[:-1], real + "x", real + ".ics", f" {real}", real[:32], real * 2,
                "%", "_" * len(real), "*", "' OR 1=1 --", "null", "None")
    urlsafe = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                      "0123456789-_"), min_size=1, max_size=80)
    tokens = st.one_of(st.sampled_from(variants), urlsafe, hostile())

    @fuzz_settings(80)
    @given(token=tokens)
    def check(token):
        expected = (200 if token in (TOKENS["arlon"], TOKENS["durbuy"])
                    else 400 if "\x00" in token else 404)
        path = f"/collaborations/agenda/{quote(token, safe='')}.ics"
        for answer in fuzzer.get(path):
            assert answer.status_code == expected, (token, answer.status_code)

    check()
