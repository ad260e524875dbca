"""Emails of the publishing side of annonces: the broadcast to every member,
the urgent demande, the news of a matching ad, and the notice of an ad hidden by a manager."""
from __future__ import annotations

from flask import g, render_template
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, insert, literal, select

from app.blueprints.annonces.matching import match_recipients, responsible_person
from app.blueprints.annonces.notifications.outbox import annonce_link
from app.blueprints.annonces.notifications.recipients import active_member_conditions
from app.extensions import db
from app.mail.queue import external_url, queue_email
from app.models import Annonce, OutboxBody, OutboxMessage, OutboxStatus, User, utcnow


def _reply_to(annonce: Annonce) -> str | None:
    return annonce.contact.email if annonce.contact is not None else None


def send_broadcast(annonce: Annonce) -> int:
    """Queue the ad for every active user of every other active member
    institution, whatever their preferences; returns the number of messages.
    An urgent demande broadcast too is mailed once, with this message."""
    subject = (_("Demande urgente : %(title)s", title=annonce.title) if annonce.urgent
               else f"[{annonce.kind.label}] {annonce.title} – {annonce.institution.name}")
    return _send_to_members(annonce, "annonce_broadcast", subject)


def send_urgent_alert(annonce: Annonce) -> int:
    """Queue an urgent demande at once for every active user of every other
    active member institution who did not turn urgent alerts off, whatever
    their digest preference; returns the number of messages."""
    return _send_to_members(annonce, "annonce_urgent",
                            _("Demande urgente : %(title)s", title=annonce.title),
                            User.urgent_alerts.is_(True))


def _send_to_members(annonce: Annonce, template: str, subject: str,
                     *conditions: ColumnElement[bool]) -> int:
    """Queue one shared message for the members of the other institutions
    (and `conditions`); the annonce keeps the body to follow the delivery.

    The two bodies are rendered once, with a greeting for everyone, and
    stored once (`OutboxBody`); the rows, which only point to them, are
    written by one INSERT ... SELECT inside the database: sending to
    thousands of people costs the request about as much as a normal post
    (no row goes through Python, no copy of the text per recipient).
    """
    subject = " ".join(subject.split())[:250]
    context = {"subject": subject, "annonce": annonce, "link": annonce_link(annonce),
               "settings_link": external_url("comptes.profile", _anchor="notifications-title")}
    now = utcnow()
    body = OutboxBody(body_text=render_template(f"email/{template}.txt", **context),
                      body_html=render_template(f"email/{template}.html", **context),
                      created_at=now)
    db.session.add(body)
    db.session.flush()
    annonce.broadcast_body_id = body.id
    common = {
        "reply_to": _reply_to(annonce), "subject": subject, "body_id": body.id,
        "template": template, "sensitive": False,
        "status": OutboxStatus.PENDING, "attempts": 0, "next_attempt_at": now,
        "last_error": "", "created_at": now,
    }
    columns = OutboxMessage.__table__.c
    recipients = select(
        User.email, *(literal(value, columns[name].type) for name, value in common.items())
    ).join(User.institution).where(
        *active_member_conditions(), User.institution_id != annonce.institution_id,
        *conditions,
    ).order_by(User.id)
    # The new ids tell the count: psycopg reports no rowcount for INSERT ... SELECT.
    count = len(db.session.execute(
        insert(OutboxMessage).from_select(["recipient", *common], recipients)
        .returning(OutboxMessage.id)).all())
    if count:
        g.outbox_queued = True
    return count


def send_match_emails(annonce: Annonce) -> int:
    """Tell the people behind matching open ads about the new one."""
    pairs = match_recipients(annonce)
    for person, match in pairs:
        queue_email(
            person.email, "annonce_match",
            f"Nouvelle {annonce.kind.label.lower()} en lien avec votre annonce "
            f"« {match.title} »",
            reply_to=_reply_to(annonce), user=person, annonce=annonce, match=match,
            link=annonce_link(annonce), match_link=annonce_link(match),
        )
    return len(pairs)


def send_hidden_notice(annonce: Annonce, reason: str) -> None:
    """Tell the author (or the contact) why a manager hid the ad."""
    person = responsible_person(annonce)
    if person is None:
        return
    queue_email(
        person.email, "annonce_hidden", f"Votre annonce « {annonce.title} » a été masquée",
        user=person, annonce=annonce, reason=reason, link=annonce_link(annonce),
    )
