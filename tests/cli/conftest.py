"""Outbox messages stored directly."""
from __future__ import annotations

import pytest

from tests.outbox.messages import add_message


@pytest.fixture()
def make_message(db):
    return add_message
