"""Seven days before an ad's publication ends, the people in charge of it are
reminded once, with links to extend or close it."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.blueprints.annonces.notifications.outbox import annonce_link, outbox_rows, queue_rows
from app.blueprints.annonces.notifications.recipients import people_in_charge
from app.extensions import db
from app.mail.queue import external_url
from app.models import Annonce, AnnonceStatus

REMINDER_DAYS = 7


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
                link=annonce_link(annonce),
                edit_link=external_url("annonces.edit", annonce_id=annonce.id),
                close_link=external_url("annonces.close", annonce_id=annonce.id))
    queue_rows(rows)
    return len(annonces)
