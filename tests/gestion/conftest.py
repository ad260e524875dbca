"""Fixtures for the back-office tests: logged-in clients and stored emails."""
from __future__ import annotations

import pytest

from tests.helpers import login
from tests.outbox.messages import add_message


@pytest.fixture()
def manager(make_manager):
    return make_manager(name="Gestionnaire Principal", email="gestion@province.test")


@pytest.fixture()
def manager_client(app, manager):
    client = app.test_client()
    assert login(client, manager.email).status_code == 303
    return client


@pytest.fixture()
def member_client(app, make_user):
    client = app.test_client()
    assert login(client, make_user().email).status_code == 303
    return client


@pytest.fixture()
def make_message(db):
    return add_message
