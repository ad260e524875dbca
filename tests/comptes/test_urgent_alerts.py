"""The `urgent_alerts` preference of /compte: on by default, saved with the
rhythm of new-ad emails, shown checked or not."""
from __future__ import annotations

import json
import re
from html import unescape

import pytest

from app.models import InstitutionKind, NotificationPreference
from tests.helpers import post_form


@pytest.fixture()
def member(auth, make_institution, make_user):
    institution = make_institution(InstitutionKind.CPAS, name="CPAS de Habay")
    user = make_user(institution=institution, email="lucie@habay.test")
    assert auth.login(user).status_code == 303
    return user


def _box(client) -> str:
    page = unescape(client.get("/compte").get_data(as_text=True))
    assert "Recevoir les demandes urgentes par e-mail, dès leur publication" in page
    return re.search(r'<input[^>]*name="urgent_alerts"[^>]*>', page).group(0)


def _post(client, data: dict):
    return post_form(client, "/compte/notifications", data, token_from="/compte")


def test_urgent_alerts_are_on_by_default(client, member):
    assert member.urgent_alerts is True
    assert "checked" in _box(client)


def test_turning_urgent_alerts_off_and_on_is_saved(client, db, member):
    response = _post(client, {"notification_preference": "never"})
    assert response.status_code == 303
    db.session.expire_all()
    assert member.urgent_alerts is False
    assert member.notification_preference == NotificationPreference.NEVER
    assert "checked" not in _box(client)
    data = json.loads(client.get("/compte/donnees").get_data(as_text=True))
    assert data["account"]["urgent_alerts"] is False
    assert _post(client, {"notification_preference": "daily",
                          "urgent_alerts": "y"}).status_code == 303
    db.session.expire_all()
    assert member.urgent_alerts is True
    assert "checked" in _box(client)


def test_a_refused_form_keeps_the_box_as_typed(client, db, member):
    response = _post(client, {"notification_preference": "toujours"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "checked" not in re.search(r'<input[^>]*name="urgent_alerts"[^>]*>', page).group(0)
    db.session.expire_all()
    assert member.urgent_alerts is True


def test_visitors_are_sent_to_login(client, db):
    response = client.get("/compte")
    assert response.status_code == 302 and "/connexion" in response.headers["Location"]
