"""Fuzzing "my account" (profile, password, email address, notifications)
and the référent's colleagues page (invite, remove, hand over)."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from app.auth.passwords import hash_password
from app.extensions import db
from app.models import NotificationPreference, User, UserStatus
from tests.conftest import TEST_PASSWORD
from tests.fuzz.conftest import fuzz_settings
from tests.fuzz.harness import Fuzzer
from tests.fuzz.strategies import checkbox, field, form_data, maybe_missing, path_ids

NEW_PASSWORD = "une autre phrase de passe"


def _agent(world) -> User:
    return db.session.get(User, world.agent.id)


def test_profile(app, world):
    def whole(response) -> None:
        agent = _agent(world)
        assert agent.name and agent.name == agent.name.strip() and len(agent.name) <= 120
        assert len(agent.function) <= 120 and len(agent.phone) <= 40

    fuzzer = Fuzzer("POST /compte", world.agent_client, token_from="/compte", whole=whole,
                    views=["/membres", f"/membres/{world.arlon.slug}",
                           f"/annonces/{world.annonce.id}",
                           (world.manager_client, f"/gestion/institutions/{world.arlon.id}"),
                           (world.manager_client, "/gestion/exports/utilisateurs.csv")])
    fields = form_data({"name": "Agent Arlon", "function": "Employé d'administration",
                        "phone": "063 24 56 78", "consent_share_contact": "y"},
                       {"consent_share_contact": maybe_missing(checkbox())})

    @fuzz_settings(40)
    @given(data=fields)
    def check(data):
        fuzzer.post("/compte", data)

    check()
    fuzzer.sweep("POST", "/compte", {"name": "Agent Arlon", "function": "Employé",
                                     "phone": "063 24 56 78", "consent_share_contact": "y"})


def test_change_password(app, world):
    def whole(response) -> None:
        assert _agent(world).password_hash

    fuzzer = Fuzzer("POST /compte/mot-de-passe", world.agent_client, token_from="/compte",
                    whole=whole)
    fields = form_data({"current_password": TEST_PASSWORD, "password": NEW_PASSWORD,
                        "password_confirm": NEW_PASSWORD},
                       {"password": maybe_missing(field("motdepasse1", "x" * 129))})

    @fuzz_settings(20)
    @given(data=fields)
    def check(data):
        responses = fuzzer.post("/compte/mot-de-passe", data)
        if any(r.status_code == 303 for r in responses):
            _agent(world).password_hash = hash_password(TEST_PASSWORD)
            db.session.commit()

    check()


def test_change_email(app, world):
    def whole(response) -> None:
        agent = _agent(world)
        assert "@" in agent.email and agent.email == agent.email.strip().lower()

    fuzzer = Fuzzer("POST /compte/adresse-email", world.agent_client, token_from="/compte",
                    whole=whole)
    fields = form_data({"email": "nouvelle.adresse@arlon.test", "password": TEST_PASSWORD},
                       {"email": maybe_missing(field(world.referent.email, "AGENT@ARLON.TEST",
                                                     "x@" + "a" * 250 + ".test"))})

    @fuzz_settings(25)
    @given(data=fields)
    def check(data):
        agent = _agent(world)
        agent.email = "agent@arlon.test"
        db.session.commit()
        fuzzer.post("/compte/adresse-email", data)

    check()
    fuzzer.sweep("POST", "/compte/adresse-email", {"email": "autre@arlon.test",
                                                   "password": "pas le bon mot de passe"})


def test_notifications(app, world):
    def whole(response) -> None:
        assert isinstance(_agent(world).notification_preference, NotificationPreference)

    fuzzer = Fuzzer("POST /compte/notifications", world.agent_client, token_from="/compte",
                    whole=whole)

    @fuzz_settings(20)
    @given(data=form_data({"notification_preference": "daily"}, {
        "notification_preference": maybe_missing(field("immediate", "never", "daily")),
        "urgent_alerts": maybe_missing(checkbox())}))
    def check(data):
        fuzzer.post("/compte/notifications", data)

    check()
    fuzzer.sweep("POST", "/compte/notifications", {"notification_preference": "never"})


def test_invite_colleague(app, world):
    def whole(response) -> None:
        for user in db.session.scalars(select(User).where(User.status == UserStatus.INVITED)):
            assert user.institution_id == world.arlon.id
            assert user.name and user.name == user.name.strip() and "@" in user.email

    fuzzer = Fuzzer("POST /compte/collegues (invite)", world.referent_client,
                    token_from="/compte/collegues", htmx=True, whole=whole,
                    views=["/annonces/nouvelle",
                           (world.manager_client, "/gestion/courriels"),
                           (world.manager_client, "/gestion/utilisateurs")])
    fields = form_data({"name": "Nouvelle Collègue", "email": "collegue@arlon.test",
                        "function": "Secrétaire"},
                       {"email": maybe_missing(field(world.durbuy_referent.email,
                                                     "Collegue@Arlon.test"))})

    @fuzz_settings(40)
    @given(data=fields, number=st.integers(0, 10**6))
    def check(data, number):
        if data.get("email") == "collegue@arlon.test":  # a new address each time
            data = {**data, "email": f"collegue{number}@arlon.test"}
        fuzzer.post("/compte/collegues", data)

    check()
    fuzzer.sweep("POST", "/compte/collegues", {"name": "Collègue", "email": "c@arlon.test",
                                               "function": ""})


def _restore_roles(world) -> None:
    referent, agent = (db.session.get(User, world.referent.id), _agent(world))
    agent.is_referent, agent.status = False, UserStatus.ACTIVE
    db.session.flush()
    referent.is_referent = True
    db.session.commit()


def test_remove_and_hand_over(app, world):
    """Ids of colleagues, of oneself, of another institution's people, unknown."""
    def whole(response) -> None:
        referents = db.session.scalars(select(User).where(
            User.institution_id == world.arlon.id, User.is_referent.is_(True))).all()
        assert len(referents) == 1 and referents[0].status == UserStatus.ACTIVE

    fuzzer = Fuzzer("POST /compte/collegues/<id>/retirer|referent", world.referent_client,
                    token_from="/compte/collegues", whole=whole)

    @fuzz_settings(25)
    @given(user_id=path_ids(world.agent.id, world.referent.id, world.durbuy_referent.id,
                            world.manager.id),
           action=st.sampled_from(["retirer", "referent"]),
           extra=maybe_missing(field("1")))
    def check(user_id, action, extra):
        _restore_roles(world)
        fuzzer.post(f"/compte/collegues/{user_id}/{action}", {"user_id": extra})

    check()
    _restore_roles(world)
