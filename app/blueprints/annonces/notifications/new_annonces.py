"""Emails about new and expiring annonces, by each user's preference.

- IMMEDIATE users hear of a new ad at once (`notify_new_annonce_immediately`,
  called when an ad is posted); DAILY users get one digest each morning
  (`send_daily_digests`); NEVER users get neither. Broadcast ads already went
  to everyone, so neither path repeats them.
- Seven days before an ad expires, the people in charge of it are reminded
  once (`send_expiry_reminders`).

Many recipients share one message: it is rendered once and its outbox rows
inserted in one statement, so posting an ad stays as fast with 2 000 users.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from flask import g, render_template
from sqlalchemy import insert, select
from sqlalchemy.orm import contains_eager, joinedload

from app.blueprints.annonces.recipients import (
    active_member_conditions,
    people_in_charge,
    users_with_preference,
)
from app.extensions import db
from app.localtime import day_bounds
from app.mail.queue import external_url
from app.models import (
    Annonce,
    AnnonceKind,
    AnnonceStatus,
    DocumentTemplate,
    NotificationPreference,
    OutboxMessage,
    User,
)

REMINDER_DAYS = 7


def outbox_rows(recipients: list[str], template: str, subject: str, **context) -> list[dict]:
    """Outbox rows of one message rendered once for several recipients."""
    subject = " ".join(subject.split())[:250]
    context.setdefault("subject", subject)
    body_text = render_template(f"email/{template}.txt", **context)
    body_html = render_template(f"email/{template}.html", **context)
    return [{"recipient": to, "subject": subject, "own_text": body_text,
             "own_html": body_html, "template": template} for to in recipients]


def queue_rows(rows: list[dict]) -> int:
    """Add the rows to the outbox in the current transaction, in one INSERT."""
    if rows:
        db.session.execute(insert(OutboxMessage), rows)
        g.outbox_queued = True
    return len(rows)


def _settings_link() -> str:
    return external_url("comptes.profile", _anchor="notifications-title")


def notify_new_annonce_immediately(annonce: Annonce) -> int:
    """Queue the new-ad email to every IMMEDIATE user of the other member
    institutions (none for a broadcast ad). Returns the number queued."""
    if annonce.broadcast:
        return 0
    emails = list(db.session.scalars(
        select(User.email).join(User.institution).where(
            *active_member_conditions(),
            User.notification_preference == NotificationPreference.IMMEDIATE,
            User.institution_id != annonce.institution_id).order_by(User.id)))
    noun = "demande" if annonce.kind == AnnonceKind.DEMANDE else "offre"
    return queue_rows(outbox_rows(
        emails, "annonce_new", f"Nouvelle {noun} : {annonce.title}", annonce=annonce,
        link=external_url("annonces.detail", annonce_id=annonce.id),
        settings_link=_settings_link()))


def new_annonces_of_day(day: date) -> list[Annonce]:
    """Open, non-broadcast ads created on `day` (Brussels time), oldest first."""
    start, end = day_bounds(day)
    return list(db.session.scalars(
        select(Annonce).join(Annonce.institution)
        .where(Annonce.status == AnnonceStatus.OPEN, Annonce.broadcast.is_(False),
               Annonce.created_at >= start, Annonce.created_at < end)
        .options(contains_eager(Annonce.institution), joinedload(Annonce.location))
        .order_by(Annonce.created_at, Annonce.id)))


def ad_links(annonces: list[Annonce]) -> dict[int, str]:
    return {a.id: external_url("annonces.detail", annonce_id=a.id) for a in annonces}


def send_daily_digests(today: date, modeles: Sequence[DocumentTemplate] = ()) -> int:
    """One email per DAILY user listing yesterday's new ads of the other
    institutions, and `modeles`, the document templates published or updated
    that day; nothing to users with nothing new. Returns the count."""
    day = today - timedelta(days=1)
    annonces = new_annonces_of_day(day)
    if not annonces and not modeles:
        return 0
    links = ad_links(annonces)
    modele_links = {m.id: external_url("modeles.detail", template_id=m.id) for m in modeles}
    users_by_institution: dict[int, list[User]] = defaultdict(list)
    for user in users_with_preference(NotificationPreference.DAILY):
        users_by_institution[user.institution_id].append(user)
    rows: list[dict] = []
    # Users of one institution get the same list: render it once for them.
    for institution_id, users in users_by_institution.items():
        news = [a for a in annonces if a.institution_id != institution_id]
        if not news and not modeles:
            continue
        rows += outbox_rows([u.email for u in users], "annonces_digest",
                            _digest_subject(len(news), len(modeles)),
                            day=day, annonces=news, links=links,
                            list_link=external_url("annonces.index"),
                            modeles=modeles, modele_links=modele_links,
                            modeles_link=external_url("modeles.index"),
                            settings_link=_settings_link())
    return queue_rows(rows)


def _digest_subject(ads: int, modeles: int) -> str:
    parts = []
    if ads:
        parts.append(f"{ads} nouvelle annonce" if ads == 1 else f"{ads} nouvelles annonces")
    if modeles:
        parts.append("1 modèle de document nouveau ou mis à jour" if modeles == 1
                     else f"{modeles} modèles de documents nouveaux ou mis à jour")
    return " et ".join(parts) + " sur la plateforme"


def send_expiry_reminders(today: date, now: datetime) -> int:
    """Remind the people in charge of each open ad expiring within
    REMINDER_DAYS days, once per ad (days the job missed are caught up)."""
    annonces = list(db.session.scalars(
        select(Annonce)
        .where(Annonce.status == AnnonceStatus.OPEN, Annonce.reminder_sent_at.is_(None),
               Annonce.expires_on > today,
               Annonce.expires_on <= today + timedelta(days=REMINDER_DAYS))
        .options(joinedload(Annonce.institution), joinedload(Annonce.author),
                 joinedload(Annonce.contact))
        .order_by(Annonce.id)))
    people = people_in_charge(annonces)
    rows: list[dict] = []
    for annonce in annonces:
        annonce.reminder_sent_at = now
        for user in people[annonce.id]:
            rows += outbox_rows(
                [user.email], "annonce_expiry_reminder",
                f"Votre annonce « {annonce.title} » arrive à échéance", user=user,
                annonce=annonce,
                link=external_url("annonces.detail", annonce_id=annonce.id),
                edit_link=external_url("annonces.edit", annonce_id=annonce.id),
                close_link=external_url("annonces.close", annonce_id=annonce.id))
    queue_rows(rows)
    return len(annonces)
