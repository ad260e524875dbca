"""Fuzzing the visitor's forms: registration and its inline check, login,
forgotten password, the password links (activation, invitation, reset), the
tokens of email links, and the public lists."""
from __future__ import annotations

from urllib.parse import quote

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import delete, select

from app.auth.tokens import make_token
from app.blueprints.comptes.services import password_fingerprint
from app.extensions import db
from app.models import RegistrationRequest, User, UserStatus
from tests.conftest import TEST_PASSWORD
from tests.fuzz.conftest import fuzz_settings
from tests.fuzz.harness import Fuzzer, has_nul
from tests.fuzz.strategies import (
    browser_text,
    checkbox,
    field,
    form_data,
    hostile,
    ids,
    maybe_missing,
)
from tests.helpers import TOKEN_PAGE, csrf_token

VISITOR_TOKEN_PAGE = TOKEN_PAGE  # public, never redirects a logged-in user


VALID_REGISTRATION = {
    "name": "Marie Dupont", "function": "Directrice générale",
    "email": "marie.dupont@etalle.test", "phone": "063 45 67 89",
    "message": "Nous souhaitons partager du matériel.", "consent": "y", "website": "",
}


def registration_fields(world):
    return form_data(VALID_REGISTRATION | {"institution": str(world.etalle.id)}, {
        "institution": ids(world.etalle.id, world.arlon.id),
        "email": field("agent@arlon.test", "MARIE@ETALLE.TEST"),
        "consent": maybe_missing(checkbox()),
    })


def _whole_registration(response) -> None:
    for registration in db.session.scalars(select(RegistrationRequest)):
        assert registration.institution_id is not None and registration.consent
        assert registration.name.strip() and registration.function.strip()
        assert "@" in registration.email and registration.email == registration.email.lower()


def test_registration(app, world):
    fuzzer = Fuzzer("POST /inscription", world.visitor, token_from="/inscription",
                    whole=_whole_registration,
                    views=[(world.manager_client, "/gestion/inscriptions"),
                           (world.manager_client, "/gestion"),
                           (world.manager_client, "/gestion/courriels")])

    def reset() -> None:
        db.session.execute(delete(RegistrationRequest))  # one pending per institution
        db.session.commit()

    @fuzz_settings(40)
    @given(data=registration_fields(world))
    def check(data):
        reset()
        fuzzer.post("/inscription", data)

    check()
    fuzzer.sweep("POST", "/inscription", VALID_REGISTRATION | {"institution": str(world.etalle.id)},
                 before_each=reset)


def test_registration_inline_check(app, world):
    fuzzer = Fuzzer("POST /inscription/verifier", world.visitor, token_from="/inscription",
                    htmx=True, stores=False, allow_400=True)
    champ = st.one_of(st.sampled_from(["institution", "name", "function", "email", "phone",
                                       "message", "consent"]), hostile())

    @fuzz_settings(40)
    @given(champ=champ, data=registration_fields(world))
    def check(champ, data):
        responses = fuzzer.post(f"/inscription/verifier?champ={quote(champ, safe='')}", data)
        known = champ in ("institution", "name", "function", "email", "phone", "message",
                          "consent")
        if known and not has_nul(data):
            assert all(r.status_code == 200 for r in responses)

    check()


def test_login(app, world):
    fuzzer = Fuzzer("POST /connexion", app.test_client(), token_from=VISITOR_TOKEN_PAGE,
                    baseline_path="/connexion")
    fields = form_data({"email": world.agent.email, "password": TEST_PASSWORD}, {
        "email": maybe_missing(field(world.agent.email.upper(), "inconnu@arlon.test")),
        "password": maybe_missing(field(TEST_PASSWORD + " ")),
        "next": maybe_missing(field("/annonces", "//evil.test", "/\\evil.test",
                                    "/%09/evil.test", "javascript:alert(1)",
                                    "https://evil.test")),
    })

    @fuzz_settings(40)
    @given(data=fields)
    def check(data):
        responses = fuzzer.post("/connexion", data)
        for response in responses:
            location = response.headers.get("Location", "")
            assert not location.startswith(("//", "http", "javascript")), location
            assert "\\" not in location
        if any(r.status_code in (302, 303) for r in responses):
            fuzzer.client = app.test_client()  # logged in: start again as a visitor
            fuzzer.token = csrf_token(fuzzer.client, VISITOR_TOKEN_PAGE)

    check()
    fuzzer.sweep("POST", "/connexion", {"email": "inconnu@arlon.test", "password": "x" * 10,
                                        "next": "/annonces"})


def test_forgot_password(app, world):
    fuzzer = Fuzzer("POST /mot-de-passe-oublie", world.visitor, token_from=VISITOR_TOKEN_PAGE)

    @fuzz_settings(30)
    @given(email=maybe_missing(field(world.agent.email, "inconnu@arlon.test")))
    def check(email):
        fuzzer.post("/mot-de-passe-oublie", {"email": email})

    check()
    fuzzer.sweep("POST", "/mot-de-passe-oublie", {"email": "inconnu@arlon.test"})


PASSWORD_FIELDS = form_data(
    {"password": "une phrase de passe solide", "password_confirm": "une phrase de passe solide"},
    {"password": maybe_missing(field("motdepasse1", "x" * 129))})


def _link_fuzzer(app, world, purpose: str, path: str):
    user = world.agent

    def whole(response) -> None:
        stored = db.session.get(User, user.id)
        assert stored.status == UserStatus.ACTIVE and stored.password_hash

    fuzzer = Fuzzer(f"POST {path}<token>", app.test_client(), token_from=VISITOR_TOKEN_PAGE,
                    whole=whole, allow_400=True)

    @fuzz_settings(25)
    @given(data=PASSWORD_FIELDS)
    def check(data):
        stored = db.session.get(User, user.id)
        payload = {"u": user.id}
        if purpose == "password-reset":
            stored.status = UserStatus.ACTIVE
            payload["h"] = password_fingerprint(stored)
        else:
            stored.status, stored.password_hash = UserStatus.INVITED, None
        db.session.commit()
        with app.test_request_context():
            token = make_token(purpose, **payload)
        responses = fuzzer.post(path + token, data)
        if not has_nul(data):
            assert all(r.status_code != 400 for r in responses[:1]), "a fresh link refused"

    check()


def test_activation_link(app, world):
    _link_fuzzer(app, world, "activation", "/compte/activer/")


def test_invitation_link(app, world):
    _link_fuzzer(app, world, "invitation", "/compte/invitation/")


def test_password_reset_link(app, world):
    _link_fuzzer(app, world, "password-reset", "/mot-de-passe/")


TOKEN = st.one_of(browser_text(80), hostile(), st.text("abcdefABC012345-_.", max_size=200))


def test_email_link_tokens(app, world):
    """Forged, truncated or hostile tokens: a French "link refused" page."""
    visitor = Fuzzer("GET/POST email links with forged tokens", world.visitor,
                     token_from=VISITOR_TOKEN_PAGE, allow_400=True)
    manager = Fuzzer("GET/POST /inscription/decision/<token>", world.manager_client,
                     token_from="/gestion/inscriptions", allow_400=True)

    @fuzz_settings(40)
    @given(token=TOKEN, decision=field("approve", "refuse"))
    def check(token, decision):
        quoted = quote(token, safe="") or "x"
        for prefix in ("/compte/activer/", "/compte/invitation/", "/mot-de-passe/"):
            visitor.get(prefix + quoted)
            visitor.post(prefix + quoted, {"password": "une phrase de passe solide",
                                           "password_confirm": "une phrase de passe solide"})
        manager.get("/inscription/decision/" + quoted)
        manager.post("/inscription/decision/" + quoted, {"decision": decision, "reason": token})

    check()


def test_public_centrales_list(app, world):
    fuzzer = Fuzzer("GET /centrales", world.visitor, token_from=None,
                    baseline_path="/centrales", htmx=True, stores=False)
    query = st.fixed_dictionaries({
        "statut": maybe_missing(field("ouverte", "en-cours", "cloturee")),
        "domaine": maybe_missing(field("fournitures", "services", "travaux")),
        "page": maybe_missing(hostile()),
    })

    @fuzz_settings(30)
    @given(query=query)
    def check(query):
        fuzzer.get("/centrales", query)

    check()
    fuzzer.sweep("GET", "/centrales", {"statut": "ouverte", "domaine": "travaux", "page": "2"})


def test_public_paths(app, world):
    """Slugs and ids typed in the address bar of the public pages."""
    fuzzer = Fuzzer("GET public slugs", world.visitor, token_from=None, baseline_path="/",
                    stores=False, allow_400=True)

    @fuzz_settings(30)
    @given(slug=hostile(), args=st.dictionaries(browser_text(10), hostile(), max_size=3))
    def check(slug, args):
        quoted = quote(slug, safe="") or "x"
        fuzzer.get(f"/centrales/{quoted}", args)
        fuzzer.get(f"/centrales/{quoted}/documents/1")
        fuzzer.get("/", args)
        fuzzer.get("/inscription", {"institution": slug, **args})

    check()
