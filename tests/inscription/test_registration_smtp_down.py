"""SMTP down during a whole registration, then up: every message goes out
once, none is lost (docs/requirements.md, Q20)."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from app.auth.tokens import make_token
from app.models import OutboxMessage, OutboxStatus, RegistrationRequest, utcnow
from tests.conftest import _free_port
from tests.helpers import links_in, post_form


def test_registration_with_smtp_down_then_up(app, auth, db, smtp, smtp_controller, runner,
                                             client, form_data, make_manager, monkeypatch):
    closed_port = _free_port()  # nothing listens there
    monkeypatch.setitem(app.config, "MAIL_PORT", closed_port)
    manager = make_manager()

    assert post_form(client, "/inscription", form_data).status_code == 303
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 0 and "0 sent, 2 retried, 0 dead" in result.output

    registration = db.session.scalar(select(RegistrationRequest))
    manager_client = auth.client_for(manager)
    token = make_token("registration-decision", r=registration.id)
    response = post_form(manager_client, f"/inscription/decision/{token}",
                         {"decision": "approve"})
    assert response.status_code == 303
    runner.invoke(args=["outbox", "send"])
    db.session.expire_all()
    statuses = db.session.scalars(select(OutboxMessage.status)).all()
    assert len(statuses) == 3 and set(statuses) == {OutboxStatus.PENDING}
    assert smtp.messages == []

    # SMTP comes back; the retries fall due.
    monkeypatch.setitem(app.config, "MAIL_PORT", smtp_controller.port)
    db.session.execute(update(OutboxMessage).values(
        next_attempt_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    result = runner.invoke(args=["outbox", "send"])
    assert "3 sent, 0 retried, 0 dead" in result.output
    assert runner.invoke(args=["outbox", "send"]).output.startswith("0 sent")

    recipients = sorted(m.envelope_to[0] for m in smtp.messages)
    assert recipients == sorted([app.config["PLATFORM_MANAGER_EMAIL"],
                                 "marie.dupont@etalle.be", "marie.dupont@etalle.be"])
    activation = next(m for m in smtp.messages if m["Subject"].startswith("Activez"))
    link = next(link for link in links_in(activation.get_body(("plain",)).get_content())
                if "/compte/activer/" in link)
    assert app.test_client().get(link.replace("http://localhost", "")).status_code == 200
