"""What `/echanges`, the header and `/mon-espace` read about threads: a page
of my institution's threads, the most recent unread ones, and how many are
unread for me. Each is one statement on `annonce_thread` (two for a page:
its count and its rows), whatever the number of threads or messages."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import g
from flask_login import current_user
from sqlalchemy import case, func, select

from app.blueprints.annonces.threads.summary import unread_by, visible_to
from app.extensions import db
from app.models import Annonce, AnnonceThread, Institution, User
from app.web.pagination import Page

PAGE_SIZE = 20


@dataclass(frozen=True, slots=True)
class ThreadRow:
    id: int
    annonce_id: int
    partner_id: int  # the thread's anchor on the ad page: #fil-<partner_id>
    title: str  # the annonce's
    other_name: str  # the institution on the other side
    last_message_at: datetime
    message_count: int
    unread: bool


def _rows(user: User):
    """The threads of `user`'s institution, with what a row shows."""
    mine = user.institution_id
    other_id = case((AnnonceThread.owner_id == mine, AnnonceThread.partner_id),
                    else_=AnnonceThread.owner_id)
    return (select(AnnonceThread.id, AnnonceThread.annonce_id, AnnonceThread.partner_id,
                   Annonce.title, Institution.name, AnnonceThread.last_message_at,
                   AnnonceThread.message_count, unread_by(user).label("unread"))
            .join(Annonce, Annonce.id == AnnonceThread.annonce_id)
            .join(Institution, Institution.id == other_id)
            .where(visible_to(mine))
            .order_by(AnnonceThread.last_message_at.desc(), AnnonceThread.id.desc()))


def _threads(rows) -> list[ThreadRow]:
    # "unread" is 0/1 on SQLite, a boolean on PostgreSQL.
    return [ThreadRow(*row[:-1], unread=bool(row[-1])) for row in db.session.execute(rows)]


def inbox(user: User, unread_only: bool, page: int) -> Page:
    """One page of `user`'s threads, newest message first."""
    conditions = [visible_to(user.institution_id)]
    if unread_only:
        conditions.append(unread_by(user))
    total = db.session.scalar(select(func.count()).select_from(AnnonceThread)
                              .where(*conditions))
    rows = _rows(user)
    if unread_only:
        rows = rows.where(unread_by(user))
    rows = rows.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    return Page(_threads(rows), total, page, PAGE_SIZE)


def unread_threads(user: User, limit: int) -> list[ThreadRow]:
    """The `limit` most recent threads unread for `user` (for /mon-espace)."""
    rows = _rows(user).where(unread_by(user)).limit(limit)
    return _threads(rows)


def unread_count(user: User) -> int:
    """How many threads of `user`'s institution are unread for `user`."""
    return db.session.scalar(select(func.count()).select_from(AnnonceThread).where(
        visible_to(user.institution_id), unread_by(user)))


def header_unread_count() -> int:
    """The header's count for the logged-in user, computed once a request
    and only when a template asks for it (never for visitors)."""
    if "unread_threads" not in g:
        g.unread_threads = unread_count(current_user) if current_user.is_authenticated else 0
    return g.unread_threads
