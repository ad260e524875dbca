"""The summary row of each thread (`AnnonceThread`) and the users' read
markers (`ThreadRead`), kept as messages are added and threads opened, so
that `/echanges` and the header's unread count never scan the messages.

Each change is one upsert (INSERT … ON CONFLICT DO UPDATE, on SQLite and
PostgreSQL alike): two messages or two page views at once never collide on
the unique constraints.
"""
from __future__ import annotations

from sqlalchemy import and_, exists, literal, or_, select
from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db
from app.models import Annonce, AnnonceMessage, AnnonceThread, ThreadRead, User, utcnow


def _insert(model):
    """The INSERT of the session's dialect, which offers on_conflict_do_update."""
    name = db.session.get_bind().dialect.name
    return (postgresql.insert if name == "postgresql" else sqlite.insert)(model)


def record_message(annonce: Annonce, message: AnnonceMessage) -> None:
    """A message was added: its thread moves (created on the first message),
    the sender has read it, and a first answer from another institution
    dates the ad's `first_answered_at`."""
    insert = _insert(AnnonceThread).values(
        annonce_id=annonce.id, owner_id=annonce.institution_id, partner_id=message.partner_id,
        last_message_at=message.created_at, last_sender_id=message.sender_institution_id,
        message_count=1)
    thread_id = db.session.scalar(insert.on_conflict_do_update(
        index_elements=[AnnonceThread.annonce_id, AnnonceThread.partner_id],
        set_={"last_message_at": insert.excluded.last_message_at,
              "last_sender_id": insert.excluded.last_sender_id,
              "message_count": AnnonceThread.message_count + 1},
    ).returning(AnnonceThread.id))
    if message.sender_id is not None:
        read = _insert(ThreadRead).values(user_id=message.sender_id, thread_id=thread_id,
                                          read_at=message.created_at)
        db.session.execute(read.on_conflict_do_update(
            index_elements=[ThreadRead.user_id, ThreadRead.thread_id],
            set_={"read_at": read.excluded.read_at}))
    if (message.sender_institution_id != annonce.institution_id
            and annonce.first_answered_at is None):
        annonce.first_answered_at = message.created_at


def mark_annonce_read(annonce: Annonce, user: User) -> None:
    """`user` opened the ad's page: every thread of it on their
    institution's side, and not read since its last message, is read now.
    One statement (INSERT … SELECT … ON CONFLICT DO UPDATE), which writes
    nothing when all is read already."""
    already_read = exists().where(ThreadRead.thread_id == AnnonceThread.id,
                                  ThreadRead.user_id == user.id,
                                  ThreadRead.read_at >= AnnonceThread.last_message_at)
    now = utcnow()
    unread = select(literal(user.id), AnnonceThread.id,
                    literal(now, ThreadRead.read_at.type)).where(
        AnnonceThread.annonce_id == annonce.id, visible_to(user.institution_id), ~already_read)
    insert = _insert(ThreadRead).from_select(["user_id", "thread_id", "read_at"], unread)
    db.session.execute(insert.on_conflict_do_update(
        index_elements=[ThreadRead.user_id, ThreadRead.thread_id],
        set_={"read_at": insert.excluded.read_at}))


def visible_to(institution_id: int):
    """The condition: a thread with `institution_id` on one of its sides."""
    return or_(AnnonceThread.owner_id == institution_id,
               AnnonceThread.partner_id == institution_id)


def unread_by(user: User):
    """The condition: the last message of a thread came from the other side
    after `user` last read it (or they never did)."""
    return and_(AnnonceThread.last_sender_id != user.institution_id,
                ~exists().where(ThreadRead.thread_id == AnnonceThread.id,
                                ThreadRead.user_id == user.id,
                                ThreadRead.read_at >= AnnonceThread.last_message_at))
