"""Fixtures of the daily jobs: three institutions, moments of the day."""
from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest

from app.localtime import brussels_today, day_bounds
from app.models import InstitutionKind, NotificationPreference, utcnow


@pytest.fixture()
def clock():
    """Now, today in Brussels, and noon of yesterday (inside the digest window)."""
    now = utcnow()
    today = brussels_today(now)
    return SimpleNamespace(now=now, today=today,
                           yesterday=day_bounds(today - timedelta(days=1))[0]
                           + timedelta(hours=12))


@pytest.fixture()
def world(make_institution, make_user):
    """A publishes; B and C read. A's author wants no new-ad emails, so that
    only the people under test receive any."""
    a = make_institution(name="Commune de Habay")
    b = make_institution(InstitutionKind.CPAS, name="CPAS d'Étalle")
    c = make_institution(InstitutionKind.ZONE_POLICE, name="Zone de police Gaume")
    return SimpleNamespace(
        a=a, b=b, c=c,
        author=make_user(institution=a, name="Anne Annonceuse",
                         notification_preference=NotificationPreference.NEVER),
        reader=make_user(institution=b, name="Bruno Lecteur"),
    )

