"""Fixtures for the centrals tests: clients of a member and of a manager."""
from __future__ import annotations

import pytest

from tests.helpers import login


def _client(app, user):
    client = app.test_client()
    assert login(client, user.email).status_code == 303
    client.user = user
    return client


@pytest.fixture()
def member(app, make_user, make_institution):
    institution = make_institution(name="Commune d'Érezée", arrondissement="Marche-en-Famenne")
    return _client(app, make_user(institution=institution, name="Aline Dupré",
                                  email="aline.dupre@erezee.test", phone="086 11 22 33"))


@pytest.fixture()
def manager(app, make_manager):
    return _client(app, make_manager(name="Gestionnaire Province",
                                     email="gestion@province.test"))
