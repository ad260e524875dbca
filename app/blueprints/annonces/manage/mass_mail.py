"""Mailing an ad to every member: the broadcast and the urgent demande's
alert, which share one limit (3 per 7 days per institution), and the alert
itself, sent once per ad."""
from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from app.audit import record
from app.blueprints.annonces.notifications import emails
from app.extensions import db
from app.localtime import brussels_today
from app.models import Annonce, AnnonceKind, AnnonceStatus, Institution, OutboxBody, User, utcnow

if TYPE_CHECKING:
    from app.blueprints.annonces.manage.services import AnnonceData

BROADCAST_LIMIT = 3
BROADCAST_WINDOW = timedelta(days=7)


def urgent_alert_due(annonce: Annonce | None, data: AnnonceData) -> bool:
    """Whether saving `data` mails an urgent demande to everyone (its alert,
    or the broadcast asked with it): never for one already mailed (an alert
    goes once per ad)."""
    return data.urgent and data.kind == AnnonceKind.DEMANDE and (
        annonce is None or (annonce.broadcast_body_id is None and not annonce.broadcast))


def alert_if_urgent(annonce: Annonce, actor: User) -> None:
    """Send the alert of an open urgent demande not yet mailed to everyone."""
    if (annonce.urgent and annonce.status == AnnonceStatus.OPEN
            and annonce.broadcast_body_id is None and not annonce.broadcast):
        count = emails.send_urgent_alert(annonce)
        record("annonce.urgent", annonce, summary=annonce.title, actor=actor,
               recipients=count)


def broadcast_problem(institution: Institution) -> str | None:
    """Why the institution may not mail an ad to all members now (broadcast
    or urgent alert: 3 per 7 days), or None. An alert counts from when it
    was sent (its shared body), a broadcast from its publication."""
    since = utcnow() - BROADCAST_WINDOW
    sent_at = func.coalesce(OutboxBody.created_at, Annonce.created_at)
    recent = db.session.scalars(
        select(sent_at).select_from(Annonce)
        .outerjoin(OutboxBody, OutboxBody.id == Annonce.broadcast_body_id)
        .where(Annonce.institution_id == institution.id,
               or_(Annonce.broadcast.is_(True), Annonce.broadcast_body_id.is_not(None)),
               sent_at >= since)
        .order_by(sent_at)
    ).all()
    if len(recent) < BROADCAST_LIMIT:
        return None
    allowed_again = (recent[len(recent) - BROADCAST_LIMIT] + BROADCAST_WINDOW)
    return _("Votre institution a déjà adressé %(limit)d annonces à tous les adhérents "
             "ces 7 derniers jours (envois généraux et demandes urgentes), le maximum. "
             "Décochez cette case pour publier l'annonce sans envoi général, ou "
             "réessayez à partir du %(day)s.", limit=BROADCAST_LIMIT,
             day=brussels_today(allowed_again).strftime("%d/%m/%Y"))
