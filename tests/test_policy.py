"""The access policy walk (docs/requirements.md, Q1): every endpoint of `app.url_map`,
for every role, against the single policy table of `app.auth.policy`."""
from __future__ import annotations

import pytest
from werkzeug.routing import IntegerConverter

from app.auth.policy import POLICY, Access, access_for
from app.models import InstitutionKind, UserStatus
from tests.figures import record
from tests.helpers import TOKEN_PAGE, csrf_token

ROLES = ["visitor", "member", "member_b", "referent", "manager", "suspended"]
ALLOWED = {
    "visitor": {Access.PUBLIC},
    "suspended": {Access.PUBLIC},
    "member": {Access.PUBLIC, Access.MEMBER},
    "member_b": {Access.PUBLIC, Access.MEMBER},
    "referent": {Access.PUBLIC, Access.MEMBER, Access.REFERENT},
    "manager": {Access.PUBLIC, Access.MEMBER, Access.REFERENT, Access.MANAGER},
}
SKIPPED_METHODS = {"HEAD", "OPTIONS"}
# Endpoints whose side effect would spoil the rest of the walk for this client.
SESSION_ENDING = {"comptes.logout"}
_walked: dict[str, int] = {}  # role -> requests checked, for the printed figure


def _routes(app):
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - SKIPPED_METHODS):
            yield rule, method


def _url(rule) -> str:
    values = {}
    for name, converter in rule._converters.items():
        values[name] = 999999 if isinstance(converter, IntegerConverter) else "inexistant"
    if rule.endpoint == "static":
        values = {"filename": "css/site.css"}
    return rule.build(values, append_unknown=False)[1]


def test_every_endpoint_is_in_the_policy_table(app):
    missing = sorted({
        f"{rule.endpoint} {method}" for rule, method in _routes(app)
        if access_for(rule.endpoint, method) is None
    })
    assert missing == [], "endpoints missing from app/auth/policy.py"


def test_the_policy_table_names_only_real_endpoints(app):
    assert sorted(set(POLICY) - set(app.view_functions)) == []


@pytest.fixture()
def role_clients(app, auth, make_institution, make_user, make_manager):
    institution_a = make_institution(InstitutionKind.COMMUNE, name="Commune A")
    institution_b = make_institution(InstitutionKind.CPAS, name="CPAS B")
    users = {
        "member": make_user(institution=institution_a),
        "member_b": make_user(institution=institution_b),
        "referent": make_user(institution=institution_a, is_referent=True),
        "manager": make_manager(),
        "suspended": make_user(institution=institution_a),
    }
    clients = {"visitor": app.test_client()}
    for role, user in users.items():
        clients[role] = auth.client_for(user)
    users["suspended"].status = UserStatus.SUSPENDED
    from app.extensions import db

    db.session.commit()
    return clients


@pytest.mark.parametrize("role", ROLES)
def test_policy_walk(app, role_clients, role):
    client = role_clients[role]
    token = csrf_token(client, TOKEN_PAGE)
    failures = []
    checked = 0
    for rule, method in _routes(app):
        if rule.endpoint in SESSION_ENDING:
            continue
        checked += 1
        access = access_for(rule.endpoint, method)
        url = _url(rule)
        data = {"csrf_token": token} if method != "GET" else None
        response = client.open(url, method=method, data=data)
        location = response.headers.get("Location", "")
        sent_to_login = response.status_code in (302, 303) and "/connexion" in location
        if access in ALLOWED[role]:
            if response.status_code == 403 or sent_to_login:
                failures.append(f"{method} {url}: allowed but got {response.status_code}")
        elif role in ("visitor", "suspended"):
            if not sent_to_login:
                failures.append(f"{method} {url}: expected login redirect, got "
                                f"{response.status_code}")
        elif response.status_code != 403:
            failures.append(f"{method} {url}: expected 403, got {response.status_code}")
        if response.status_code >= 500:
            failures.append(f"{method} {url}: server error {response.status_code}")
    assert failures == []
    _walked[role] = checked
    record("policy walk",
           f"{max(_walked.values())} endpoint-methods × {len(_walked)} roles "
           f"({', '.join(_walked)}) = {sum(_walked.values())} requests, 0 mismatches")


def test_htmx_request_with_expired_session_gets_hx_redirect(client):
    response = client.get("/compte", headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response.headers["HX-Redirect"].startswith("/connexion?next=")
