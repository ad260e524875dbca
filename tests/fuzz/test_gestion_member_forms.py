"""Fuzzing the back office (managers): registration decisions, institutions
and users."""
from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select, update

from app.auth.tokens import make_token
from app.extensions import db
from app.models import (
    Institution,
    InstitutionKind,
    RegistrationRequest,
    RegistrationStatus,
    User,
    UserStatus,
)
from tests.fuzz.conftest import fuzz_settings
from tests.fuzz.harness import Fuzzer
from tests.fuzz.strategies import checkbox, field, form_data, ids, maybe_missing, path_ids

_numbers = itertools.count(1)


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
