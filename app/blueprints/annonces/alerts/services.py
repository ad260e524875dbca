"""Saved searches: any filter of the annonces list, saved as an email alert.

The saved query string is the list's own (`filters.ListFilters`), cleaned of
the page number and of anything the list does not know, so that the alert
link shows the same list. The daily mailing is in `emails`.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from sqlalchemy import func, select

from app.blueprints.annonces.filters import ListFilters, parse_filters
from app.domain import DomainError
from app.extensions import db
from app.models import AnnonceKind, SavedSearch, User

MAX_ALERTS = 20
MAX_QUERY_STRING = 500
KIND_PLURALS = {AnnonceKind.DEMANDE: "Demandes", AnnonceKind.OFFRE: "Offres"}


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
        raise DomainError("Cette recherche est trop longue pour être enregistrée : "
                          "raccourcissez les mots recherchés.")
    existing = db.session.scalar(select(SavedSearch).where(
        SavedSearch.user_id == user.id, SavedSearch.query_string == cleaned))
    if existing is not None:
        return SavedAlert(existing, created=False)
    count = db.session.scalar(
        select(func.count(SavedSearch.id)).where(SavedSearch.user_id == user.id))
    if count >= MAX_ALERTS:
        raise DomainError(f"Vous avez déjà {MAX_ALERTS} alertes, le maximum : supprimez-en "
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
