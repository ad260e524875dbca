"""Emails about new annonces, by each user's preference: IMMEDIATE users hear
of a new ad at once (`notify_new_annonce_immediately`, called when an ad is
posted); DAILY users get one digest each morning (`send_daily_digests`);
NEVER users get neither. Broadcast ads already went to everyone, so neither
path repeats them.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import contains_eager, joinedload

from app.blueprints.annonces.notifications.outbox import (
    ad_links,
    annonce_link,
    outbox_rows,
    queue_rows,
)
from app.blueprints.annonces.notifications.recipients import (
    active_member_conditions,
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
    User,
)


def _settings_link() -> str:
    return external_url("comptes.profile", _anchor="notifications-title")


def notify_new_annonce_immediately(annonce: Annonce) -> int:
    """Queue the new-ad email to every IMMEDIATE user of the other member
    institutions (none for a broadcast ad, and none to those who got its
    urgent alert). Returns the number queued."""
    if annonce.broadcast:
        return 0
    alerted = annonce.urgent and annonce.broadcast_body_id is not None
    emails = list(db.session.scalars(
        select(User.email).join(User.institution).where(
            *active_member_conditions(),
            User.notification_preference == NotificationPreference.IMMEDIATE,
            User.institution_id != annonce.institution_id,
            *((User.urgent_alerts.is_(False),) if alerted else ())).order_by(User.id)))
    noun = "demande" if annonce.kind == AnnonceKind.DEMANDE else "offre"
    return queue_rows(outbox_rows(
        emails, "annonce_new", f"Nouvelle {noun} : {annonce.title}", annonce=annonce,
        link=annonce_link(annonce),
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
