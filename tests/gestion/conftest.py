"""Fixtures for the back-office tests: logged-in clients and stored emails."""
from __future__ import annotations

import pytest

from tests.outbox.messages import add_message


@pytest.fixture()
def manager(make_manager):
    return make_manager(name="Gestionnaire Principal", email="gestion@province.test")


@pytest.fixture()
def manager_client(auth, manager):
    return auth.client_for(manager)


@pytest.fixture()
def member_client(auth, make_user):
    return auth.client_for(make_user())


@pytest.fixture()
def make_message(db):
    return add_message
