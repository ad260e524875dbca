"""The daily email of saved searches: per alert, the open ads of other
institutions that match it and appeared since its last check."""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import contains_eager

from app.blueprints.annonces.filters import filter_conditions, parse_filters
from app.blueprints.annonces.notifications.outbox import ad_links, outbox_rows, queue_rows
from app.blueprints.annonces.notifications.recipients import active_member_conditions
from app.extensions import db
from app.mail.queue import external_url
from app.models import Annonce, AnnonceStatus, SavedSearch, User
from app.reference.seed import arrondissements


def alert_matches(query_string: str, since: datetime, until: datetime | None = None,
                  known_arrondissements: list[str] | None = None) -> list[Annonce]:
    """Open ads matching the saved search, created after `since` (and up to
    `until`), oldest first, with their institution."""
    filters = parse_filters(query_string, known_arrondissements)
    query = (
        select(Annonce).join(Annonce.institution)
        .where(Annonce.status == AnnonceStatus.OPEN, Annonce.created_at > since,
               *filter_conditions(filters))
        .options(contains_eager(Annonce.institution))
        .order_by(Annonce.created_at, Annonce.id)
    )
    if until is not None:
        query = query.where(Annonce.created_at <= until)
    return list(db.session.scalars(query))


def send_alert_emails(until: datetime) -> int:
    """One email per alert of an active user listing the open ads of other
    institutions that match it, created since its last check and up to
    `until`; then every alert is checked up to `until`. Returns the count."""
    alerts = list(db.session.scalars(
        select(SavedSearch).join(SavedSearch.user).join(User.institution)
        .where(*active_member_conditions(), SavedSearch.last_checked_at < until)
        .options(contains_eager(SavedSearch.user).contains_eager(User.institution))
        .order_by(SavedSearch.id)))
    by_search: dict[str, list[SavedSearch]] = defaultdict(list)
    for alert in alerts:
        by_search[alert.query_string].append(alert)
    known = arrondissements()
    rows: list[dict] = []
    # One query per distinct search, however many users saved it.
    for query_string, group in by_search.items():
        found = alert_matches(query_string, min(a.last_checked_at for a in group), until,
                              known)
        links = ad_links(found)
        for alert in group:
            news = [a for a in found if a.created_at > alert.last_checked_at
                    and a.institution_id != alert.user.institution_id]
            if news:
                rows += _alert_rows(alert, news, links)
    # Suspended users' alerts move on too: no backlog when they come back.
    db.session.execute(update(SavedSearch).where(SavedSearch.last_checked_at < until)
                       .values(last_checked_at=until))
    return queue_rows(rows)


def _alert_rows(alert: SavedSearch, news: list[Annonce], links: dict[int, str]) -> list[dict]:
    subject = (f"1 nouvelle annonce pour votre alerte « {alert.label} »" if len(news) == 1
               else f"{len(news)} nouvelles annonces pour votre alerte « {alert.label} »")
    query = f"?{alert.query_string}" if alert.query_string else ""
    return outbox_rows([alert.user.email], "saved_search_alert", subject, user=alert.user,
                       alert=alert, annonces=news, links=links,
                       search_link=external_url("annonces.index") + query,
                       alerts_link=external_url("annonces.alerts"))
