"""New ads emailed at once to the users who chose IMMEDIATE."""
from __future__ import annotations

from app.blueprints.annonces.notifications.new_annonces import notify_new_annonce_immediately
from app.mail.delivery import send_pending
from app.models import NotificationPreference, UserStatus
from tests.helpers import links_in
from tests.jobs.job_helpers import outbox

IMMEDIATE = NotificationPreference.IMMEDIATE


def test_only_immediate_users_of_other_members_are_told(app, db, world, make_annonce,
                                                        make_user, make_institution, smtp):
    wanted = [make_user(institution=world.b, notification_preference=IMMEDIATE),
              make_user(institution=world.c, notification_preference=IMMEDIATE)]
    make_user(institution=world.b, notification_preference=NotificationPreference.NEVER)
    make_user(institution=world.a, notification_preference=IMMEDIATE)
    make_user(institution=world.c, notification_preference=IMMEDIATE,
              status=UserStatus.SUSPENDED)
    make_user(institution=make_institution(name="Commune non membre", is_member=False),
              notification_preference=IMMEDIATE)
    annonce = make_annonce(author=world.author, title="Agent d'état civil pour trois jours")

    with app.test_request_context():
        assert notify_new_annonce_immediately(annonce) == 2
    db.session.commit()

    messages = outbox(db, "annonce_new")
    assert [m.recipient for m in messages] == [user.email for user in wanted]
    assert messages[0].subject == "Nouvelle demande : Agent d'état civil pour trois jours"
    assert f"http://localhost/annonces/{annonce.id}" in links_in(messages[0].body_text)
    assert send_pending().sent == 2
    delivered = smtp.to(wanted[0].email)[0]
    assert "Commune de Habay vient de publier une nouvelle demande" in (
        delivered.get_body(("plain",)).get_content())
    assert delivered.get_body(("html",)) is not None


def test_broadcast_ads_are_not_repeated(app, db, world, make_annonce, make_user):
    make_user(institution=world.b, notification_preference=IMMEDIATE)
    annonce = make_annonce(author=world.author, broadcast=True)
    with app.test_request_context():
        assert notify_new_annonce_immediately(annonce) == 0
    assert outbox(db) == []
