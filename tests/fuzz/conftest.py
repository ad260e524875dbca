"""Fixtures of the form fuzzing (docs/requirements.md, Q17): the hypothesis profile, the
people and objects every form needs, and the figures printed at the end.

Profile: `derandomize=True`, always. The examples then derive from each
test's code, so CI, a developer's machine and a re-run after a failure try
exactly the same inputs: a failure is reproducible from the log alone, and
a green run never turns red without a code change. Breadth comes from the
many hostile values mixed into every strategy, not from new random draws per
run. To explore beyond the fixed examples, run with FUZZ_RANDOM=1 (random
seed, printed by hypothesis on failure) and FUZZ_SCALE=10 (ten times more
examples); FUZZ_DETAILS=1 prints the answers accepted and refused per form.
"""
from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from app.auth.passwords import hash_password
from app.extensions import limiter
from app.models import InstitutionKind, User, UserStatus, utcnow
from tests.conftest import TEST_PASSWORD
from tests.fuzz.harness import STATS

RANDOM = os.environ.get("FUZZ_RANDOM") == "1"
SCALE = float(os.environ.get("FUZZ_SCALE", "1"))

settings.register_profile(
    "fuzz-forms",
    derandomize=not RANDOM,
    deadline=None,
    database=None,  # nothing written to .hypothesis/ by the fixed examples
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large, HealthCheck.filter_too_much],
)


def fuzz_settings(examples: int) -> settings:
    """The profile with `examples` examples (scaled by FUZZ_SCALE)."""
    return settings(settings.get_profile("fuzz-forms"),
                    max_examples=max(1, int(examples * SCALE)))


def pytest_terminal_summary(terminalreporter):
    if not STATS.examples:
        return
    failed = [report for report in terminalreporter.stats.get("failed", [])
              if "tests/fuzz/" in report.nodeid]
    terminalreporter.write_line(
        f"fuzz: {len(STATS.forms)} forms, {STATS.examples} examples, "
        f"{STATS.requests} requests ({STATS.accepted} accepted, {STATS.refused} refused), "
        f"{len(failed)} errors")
    if os.environ.get("FUZZ_DETAILS") == "1":
        for name, (accepted, refused) in sorted(STATS.per_form.items()):
            terminalreporter.write_line(f"  {name}: {accepted} accepted, {refused} refused")


class World:
    """Two member communes (Arlon with its référent and an agent, Durbuy with
    its référent), a non-member one, the Province with a manager, and an open
    ad of Arlon. Clients log in (for real, through /connexion) the first time
    a test asks for them: `world.manager_client`, `world.referent_client`,
    `world.agent_client`, `world.durbuy_client`; `world.visitor` is anonymous."""

    def __init__(self, app, auth, **objects):
        self.app = app
        self._auth = auth
        self.__dict__.update(objects)
        self._clients: dict[str, object] = {}

    def _client(self, user: User):
        if user.id not in self._clients:
            self._clients[user.id] = self._auth.client_for(user)
        return self._clients[user.id]

    @property
    def manager_client(self):
        return self._client(self.manager)

    @property
    def referent_client(self):
        return self._client(self.referent)

    @property
    def agent_client(self):
        return self._client(self.agent)

    @property
    def durbuy_client(self):
        return self._client(self.durbuy_referent)

    @property
    def visitor(self):
        if "visitor" not in self._clients:
            self._clients["visitor"] = self.app.test_client()
        return self._clients["visitor"]


@pytest.fixture(scope="session")
def password_hash() -> str:
    """One slow hash of TEST_PASSWORD for every account of the fuzz tests."""
    return hash_password(TEST_PASSWORD)


@pytest.fixture()
def world(app, auth, db, make_institution, make_annonce, province, password_hash):
    limiter.reset()

    def person(institution, email, name, **fields) -> User:
        user = User(institution=institution, email=email, name=name, password_hash=password_hash,
                    status=UserStatus.ACTIVE, activated_at=utcnow(), **fields)
        db.session.add(user)
        db.session.commit()
        return user

    arlon = make_institution(InstitutionKind.COMMUNE, name="Commune d'Arlon",
                             arrondissement="Arlon", postal_code="6700")
    durbuy = make_institution(InstitutionKind.COMMUNE, name="Commune de Durbuy",
                              arrondissement="Marche-en-Famenne")
    etalle = make_institution(InstitutionKind.COMMUNE, name="Commune d'Étalle",
                              is_member=False, arrondissement="Virton")
    manager = person(province, "gestion@province.test", "Gestionnaire Fuzz", is_manager=True)
    referent = person(arlon, "referent@arlon.test", "Référente Arlon", is_referent=True)
    agent = person(arlon, "agent@arlon.test", "Agent Arlon")
    durbuy_referent = person(durbuy, "referent@durbuy.test", "Référent Durbuy",
                             is_referent=True)
    return World(app, auth, province=province, arlon=arlon, durbuy=durbuy, etalle=etalle,
                 manager=manager, referent=referent, agent=agent,
                 durbuy_referent=durbuy_referent, annonce=make_annonce(author=referent))
