"""Fuzzing the collaborations (SPEC 2.9), part two: each step after the
proposal (accept, refuse, cancel, end, approval, signed convention), posted
by either side and by a manager, on a staff collaboration and an equipment
loan. Before each request both are put back (an UPDATE) in the state the
step starts from, so that the htmx variant runs the step too."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from flask import current_app
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select, update

from app.extensions import db
from app.localtime import brussels_today
from app.models import (
    AnnonceCategory,
    AnnonceKind,
    Collaboration,
    CollaborationKind,
    CollaborationStatus,
    SignedConvention,
    utcnow,
)
from tests.fuzz.conftest import fuzz_settings
from tests.fuzz.harness import Fuzzer
from tests.fuzz.strategies import (
    dates,
    field,
    file_contents,
    file_names,
    form_data,
    maybe_missing,
    numbers,
    path_ids,
)
from tests.fuzz.test_collaboration_forms import TOKENS, answered

Status = CollaborationStatus
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
COMMUNE_BODIES = ("Collège communal", "Conseil communal")


@pytest.fixture()
def loans(world, make_annonce) -> dict[str, int]:
    """Staff lent by Durbuy to Arlon on Arlon's demande (proposed by Durbuy:
    Arlon answers it; Arlon, the beneficiary, ends it): two agents, five days
    from two days ago. Equipment lent by Durbuy from its offer of two units
    to Arlon (proposed by Arlon: Durbuy answers it and, as provider, ends it)."""
    offer = make_annonce(author=world.durbuy_referent, kind=AnnonceKind.OFFRE,
                         category=AnnonceCategory.PRET_MATERIEL,
                         title="Prêt d'une remorque", quantity_available=2)
    answered(world.annonce, world.durbuy_referent)
    answered(offer, world.referent)
    today = brussels_today()
    common = {"provider": world.durbuy, "beneficiary": world.arlon}
    staff = Collaboration(
        annonce=world.annonce, proposer=world.durbuy, proposed_by=world.durbuy_referent,
        kind=CollaborationKind.PERSONNEL, start_date=today - timedelta(days=2),
        end_date=today + timedelta(days=2), description="Agent d'état civil", quantity=2,
        days_planned=5, **common)
    equipment = Collaboration(
        annonce=offer, proposer=world.arlon, proposed_by=world.referent,
        kind=CollaborationKind.MATERIEL, start_date=today - timedelta(days=1),
        end_date=today + timedelta(days=1), description="Remorque", quantity=2, **common)
    db.session.add_all([staff, equipment])
    for name, token in TOKENS.items():
        getattr(world, name).calendar_token = token
    db.session.commit()
    return {"staff": staff.id, "equipment": equipment.id, "offer": offer.id}


def reset(status: Status) -> None:
    """Both collaborations back to `status`, as the step before left them."""
    stopped = status in (Status.REFUSEE, Status.ANNULEE)
    db.session.execute(update(Collaboration).values(
        status=status, decided_at=None if status == Status.PROPOSEE else utcnow(),
        signed_at=utcnow() if status == Status.SIGNEE else None, ended_at=None,
        reason="Motif de départ" if stopped else "", stopped_by_id=None,
        days_done=None, returned_ok=None, return_remark="",
        provider_approval_body="", provider_approved_on=None,
        beneficiary_approval_body="", beneficiary_approved_on=None))
    db.session.commit()


def _check_collaboration(item: Collaboration, sides: set[int]) -> None:
    """What any step leaves: a state with the facts it needs, and nothing more."""
    if item.status in (Status.REFUSEE, Status.ANNULEE):
        assert item.reason and item.reason == item.reason.strip()
        assert len(item.reason) <= 2000
        assert item.stopped_by_id in sides or item.reason == "Motif de départ"
    else:
        assert not item.reason and item.stopped_by_id is None
    if item.status == Status.TERMINEE:
        assert item.ended_at is not None
        if item.kind == CollaborationKind.PERSONNEL:
            assert 0 <= item.days_done <= item.days * item.quantity
        else:
            assert item.returned_ok is not None and len(item.return_remark) <= 2000
            assert item.returned_ok or item.return_remark.strip()
    else:
        assert item.days_done is None and item.returned_ok is None
    if item.status == Status.SIGNEE:
        assert item.signed_at is not None
    elif item.status in (Status.PROPOSEE, Status.ACCEPTEE, Status.REFUSEE):
        assert item.signed_at is None  # cancelled or ended: it may have been signed
    for side in ("provider", "beneficiary"):
        body = getattr(item, f"{side}_approval_body")
        approved_on = getattr(item, f"{side}_approved_on")
        assert (body in COMMUNE_BODIES) == (approved_on is not None), (body, approved_on)
        assert approved_on is None or approved_on <= brussels_today()


def _whole(world, target: dict):
    """Every collaboration consistent, every signed convention stored whole;
    the one posted to in the state the step leads to (and passing the step's
    own check, `after`) when the answer says so, else untouched (a side
    posting a form it is not shown gets its page back without a message)."""
    sides = {world.arlon.id, world.durbuy.id}
    folder = Path(current_app.config["UPLOAD_FOLDER"])

    def whole(response) -> None:
        for item in db.session.scalars(select(Collaboration)):
            _check_collaboration(item, sides)
        for signed in db.session.scalars(select(SignedConvention)):
            name = signed.original_name
            assert name.lower().endswith(".pdf") and "/" not in name and "\\" not in name
            assert signed.institution_id in sides and signed.size > 0
            assert (folder / signed.stored_name).read_bytes().startswith(b"%PDF-")
        done = response.status_code == 303 or "flash flash-success" in response.get_data(
            as_text=True)
        item = db.session.get(Collaboration, target["id"])
        assert item is not None
        assert item.status in (target["statuses"] if done else {target["start"]}), item.status
        assert not done or target.get("after", bool)(item)

    return whole


def _fuzzers(world, loans, name: str, target: dict) -> dict[str, Fuzzer]:
    """The same form posted by Arlon, by Durbuy and by a manager (who only
    looks: always refused)."""
    def detail(client):
        return lambda: (client, f"/collaborations/{target['id']}")

    views = [detail(world.referent_client), detail(world.durbuy_client),
             detail(world.manager_client), (world.manager_client, "/gestion/journal"),
             (world.manager_client, "/gestion/courriels"),
             (world.manager_client, "/gestion/exports/collaborations.csv"),
             (world.visitor, f"/collaborations/agenda/{TOKENS['arlon']}.ics"),
             (world.durbuy_client, f"/annonces/{loans['offer']}/calendrier"),
             lambda: (world.referent_client, f"/collaborations/{target['id']}/convention.odt"),
             lambda: (world.durbuy_client,
                      f"/collaborations/{target['id']}/convention-signee.pdf")]
    return {side: Fuzzer(name, client, token_from="/collaborations",
                         whole=_whole(world, target), views=[*views, "/collaborations"])
            for side, client in (("arlon", world.referent_client),
                                 ("durbuy", world.durbuy_client),
                                 ("manager", world.manager_client))}


def _post_each(fuzzer: Fuzzer, target: dict, step: str, data: dict, start: Status,
               files=None) -> None:
    """The step on the target, without then with htmx, each time from the
    starting state."""
    target["start"] = start
    for htmx in (False, True):
        reset(start)
        fuzzer.post(f"/collaborations/{target['id']}/{step}", data, files=files, htmx=htmx)


def stopped_with_reason(item: Collaboration) -> bool:
    return item.reason not in ("", "Motif de départ") and item.stopped_by_id is not None


SIDES = st.sampled_from(["arlon", "durbuy", "manager"])
REASONS = maybe_missing(field("Les dates ne nous conviennent plus.", "Motif\r\nsur deux lignes"))


def _steps(loans):
    return st.sampled_from([loans["staff"], loans["equipment"]]) | path_ids(loans["staff"])


def test_accept_and_refuse(app, world, loans):
    target: dict = {"after": lambda item: (item.decided_at is not None and (
        item.status == Status.ACCEPTEE or stopped_with_reason(item)))}
    fuzzers = _fuzzers(world, loans, "POST /collaborations/<id>/accepter|refuser", target)
    ends = {"accepter": {Status.ACCEPTEE}, "refuser": {Status.REFUSEE}}

    @fuzz_settings(40)
    @given(who=SIDES, action=st.sampled_from(sorted(ends)), reason=REASONS,
           collaboration_id=_steps(loans))
    def check(who, action, reason, collaboration_id):
        target.update(id=collaboration_id, statuses=ends[action])
        _post_each(fuzzers[who], target, action, {"reason": reason}, Status.PROPOSEE)

    check()
    target.update(id=loans["staff"], statuses=ends["refuser"], start=Status.PROPOSEE)
    fuzzers["arlon"].sweep("POST", f"/collaborations/{loans['staff']}/refuser",
                           {"reason": "Motif"}, before_each=lambda: reset(Status.PROPOSEE))


def test_cancel(app, world, loans):
    target: dict = {"statuses": {Status.ANNULEE}, "after": stopped_with_reason}
    fuzzers = _fuzzers(world, loans, "POST /collaborations/<id>/annuler", target)

    @fuzz_settings(40)
    @given(who=SIDES, start=st.sampled_from(list(Status)), reason=REASONS,
           collaboration_id=_steps(loans))
    def check(who, start, reason, collaboration_id):
        target["id"] = collaboration_id
        if start == Status.TERMINEE:
            start = Status.ACCEPTEE  # a reset cannot make up an ended one's facts
        _post_each(fuzzers[who], target, "annuler", {"reason": reason}, start)

    check()


def test_end(app, world, loans):
    target: dict = {"statuses": {Status.TERMINEE}}
    fuzzers = _fuzzers(world, loans, "POST /collaborations/<id>/terminer", target)
    valid = {"days_done": "4", "returned_ok": "non", "remark": "Un pneu crevé."}
    fields = form_data(valid, {
        "days_done": maybe_missing(numbers("0", "10", "11", "4")),
        "returned_ok": maybe_missing(field("oui", "non", "OUI", "Non"))})

    @fuzz_settings(50)
    @given(who=SIDES, start=st.sampled_from([Status.ACCEPTEE, Status.SIGNEE, Status.PROPOSEE]),
           data=fields, collaboration_id=_steps(loans))
    def check(who, start, data, collaboration_id):
        target["id"] = collaboration_id
        _post_each(fuzzers[who], target, "terminer", data, start)

    check()
    for side, loan in (("arlon", "staff"), ("durbuy", "equipment")):
        target.update(id=loans[loan], start=Status.ACCEPTEE)
        fuzzers[side].sweep("POST", f"/collaborations/{loans[loan]}/terminer", valid,
                            before_each=lambda: reset(Status.ACCEPTEE))


def test_approval(app, world, loans):
    target: dict = {"after": lambda item: (item.provider_approved_on or
                                           item.beneficiary_approved_on) is not None}
    fuzzers = _fuzzers(world, loans, "POST /collaborations/<id>/approbation", target)
    today = brussels_today()
    valid = {"body": "Collège communal", "approved_on": today.strftime("%d/%m/%Y")}
    fields = form_data(valid, {
        "body": maybe_missing(field(*COMMUNE_BODIES, "Conseil de l'action sociale",
                                    "collège communal", " Collège communal")),
        "approved_on": maybe_missing(dates(today.isoformat(),
                                           (today + timedelta(days=1)).isoformat()))})

    @fuzz_settings(50)
    @given(who=SIDES, start=st.sampled_from([Status.PROPOSEE, Status.ACCEPTEE, Status.SIGNEE,
                                             Status.REFUSEE, Status.ANNULEE]),
           data=fields, collaboration_id=_steps(loans))
    def check(who, start, data, collaboration_id):
        target.update(id=collaboration_id, statuses={start})
        _post_each(fuzzers[who], target, "approbation", data, start)

    check()
    target.update(id=loans["staff"], statuses={Status.ACCEPTEE}, start=Status.ACCEPTEE)
    fuzzers["durbuy"].sweep("POST", f"/collaborations/{loans['staff']}/approbation", valid,
                            before_each=lambda: reset(Status.ACCEPTEE))


SIGNED = (PDF, "Convention signée (2 signatures).PDF")
UPLOADS = st.one_of(st.just([SIGNED]), st.lists(
    st.tuples(st.one_of(st.just(PDF), file_contents()),
              st.one_of(st.just("convention signée.pdf"), file_names())), max_size=2))


def test_signed_convention(app, world, loans):
    target: dict = {"statuses": {Status.SIGNEE},
                    "after": lambda item: item.signed_convention is not None}
    fuzzers = _fuzzers(world, loans, "POST /collaborations/<id>/convention-signee", target)

    @fuzz_settings(50)
    @given(who=SIDES, start=st.sampled_from([Status.ACCEPTEE, Status.SIGNEE, Status.PROPOSEE,
                                             Status.ANNULEE]),
           uploads=UPLOADS, collaboration_id=_steps(loans))
    def check(who, start, uploads, collaboration_id):
        target["id"] = collaboration_id
        _post_each(fuzzers[who], target, "convention-signee", {}, start,
                   files={"file": uploads} if uploads else None)

    check()
