"""The email log's "retardés" filter: messages still waiting after an hour."""
from __future__ import annotations

from datetime import timedelta

from app.models import OutboxStatus, utcnow


def test_delayed_filter_lists_messages_waiting_for_more_than_an_hour(manager_client,
                                                                     make_message):
    now = utcnow()
    make_message(recipient="attend@habay.test", created_at=now - timedelta(hours=2))
    make_message(recipient="en-cours@habay.test", status=OutboxStatus.SENDING,
                 created_at=now - timedelta(hours=3))
    make_message(recipient="recent@habay.test", created_at=now - timedelta(minutes=10))
    make_message(recipient="parti@habay.test", status=OutboxStatus.SENT,
                 created_at=now - timedelta(hours=5))
    make_message(recipient="mort@habay.test", status=OutboxStatus.DEAD,
                 created_at=now - timedelta(days=2))
    html = manager_client.get("/gestion/courriels?statut=retardes").get_data(as_text=True)
    assert "2 messages" in html
    assert "attend@habay.test" in html and "en-cours@habay.test" in html
    for address in ("recent@habay.test", "parti@habay.test", "mort@habay.test"):
        assert address not in html
    assert '<option selected value="retardes">' in html
    fragment = manager_client.get("/gestion/courriels?statut=retardes",
                                  headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "attend@habay.test" in fragment and "<html" not in fragment
