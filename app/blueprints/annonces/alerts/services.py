"""Saved searches: any filter of the annonces list, saved as an email alert.

The saved query string is the list's own (`listing.ListFilters`), cleaned of
the page number and of anything the list does not know, so that the alert
link shows the same list. The daily job mails, per alert, the open ads of
other institutions that match it and appeared since the last check.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qsl

from flask import abort
from sqlalchemy import func, select, update
from sqlalchemy.orm import contains_eager
from sqlalchemy.sql.elements import ColumnElement
from werkzeug.datastructures import MultiDict

from app.blueprints.annonces.listing import ListFilters
from app.blueprints.annonces.notifications import ad_links, outbox_rows, queue_rows
from app.blueprints.annonces.recipients import active_member_conditions
from app.blueprints.annonces.search import matches, search_terms
from app.extensions import db
from app.mail.queue import external_url
from app.models import Annonce, AnnonceKind, AnnonceStatus, Institution, SavedSearch, User
from app.reference.seed import arrondissements

MAX_ALERTS = 20
MAX_QUERY_STRING = 500
KIND_PLURALS = {AnnonceKind.DEMANDE: "Demandes", AnnonceKind.OFFRE: "Offres"}


class AlertProblem(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def parse_filters(query_string: str, known_arrondissements: list[str] | None = None
                  ) -> ListFilters:
    """The list filters of a query string; unknown keys and values dropped."""
    args = MultiDict(parse_qsl(query_string or "", keep_blank_values=False))
    if known_arrondissements is None:
        known_arrondissements = arrondissements()
    return ListFilters.from_args(args, known_arrondissements)


def _elided(word: str) -> str:
    return f"d'{word}" if word[:1].lower() in "aeiouyéèêh" else f"de {word}"


def alert_label(filters: ListFilters) -> str:
    """A French name for the search: "Demandes, Soutien humain, Communes,
    arrondissement d'Arlon, « état civil »"."""
    parts = []
    if filters.kind:
        parts.append(KIND_PLURALS[filters.kind])
    if filters.category:
        parts.append(filters.category.label)
    if filters.institution_kind:
        parts.append(filters.institution_kind.plural)
    if filters.arrondissement:
        parts.append(f"arrondissement {_elided(filters.arrondissement)}")
    if filters.q:
        parts.append(f"« {filters.q} »")
    if not parts:
        return "Toutes les nouvelles annonces"
    label = ", ".join(parts)
    return (label[0].upper() + label[1:])[:160]


def filter_conditions(filters: ListFilters) -> list[ColumnElement[bool]]:
    """WHERE conditions of the content filters (kind, category, institution
    kind, arrondissement, words); the query joins Annonce.institution."""
    conditions = []
    if filters.kind:
        conditions.append(Annonce.kind == filters.kind)
    if filters.category:
        conditions.append(Annonce.category == filters.category)
    if filters.institution_kind:
        conditions.append(Institution.kind == filters.institution_kind)
    if filters.arrondissement:
        conditions.append(Institution.arrondissement == filters.arrondissement)
    terms = search_terms(filters.q)
    if terms:
        conditions.append(matches(terms))
    return conditions


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


def alerts_of(user: User) -> list[SavedSearch]:
    return list(db.session.scalars(
        select(SavedSearch).where(SavedSearch.user_id == user.id)
        .order_by(SavedSearch.created_at, SavedSearch.id)))


@dataclass
class SavedAlert:
    alert: SavedSearch
    created: bool  # False when the same search was already saved


def save_alert(user: User, query_string: str | None, label: str | None) -> SavedAlert:
    """Save the list's current filters as an alert of `user` (at most
    MAX_ALERTS; saving the same search twice keeps one)."""
    filters = parse_filters(query_string or "")
    cleaned = filters.query_string()
    if len(cleaned) > MAX_QUERY_STRING:
        raise AlertProblem("Cette recherche est trop longue pour être enregistrée : "
                           "raccourcissez les mots recherchés.")
    existing = db.session.scalar(select(SavedSearch).where(
        SavedSearch.user_id == user.id, SavedSearch.query_string == cleaned))
    if existing is not None:
        return SavedAlert(existing, created=False)
    count = db.session.scalar(
        select(func.count(SavedSearch.id)).where(SavedSearch.user_id == user.id))
    if count >= MAX_ALERTS:
        raise AlertProblem(f"Vous avez déjà {MAX_ALERTS} alertes, le maximum : supprimez-en "
                           "une avant d'en créer une nouvelle.")
    alert = SavedSearch(user=user, query_string=cleaned,
                        label=(label or "").strip() or alert_label(filters))
    db.session.add(alert)
    db.session.flush()
    return SavedAlert(alert, created=True)


def delete_alert(user: User, alert_id: int) -> SavedSearch:
    """Delete an alert of `user`; anyone else's is answered 404."""
    alert = db.session.get(SavedSearch, alert_id)
    if alert is None or alert.user_id != user.id:
        abort(404)
    db.session.delete(alert)
    db.session.flush()
    return alert


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
