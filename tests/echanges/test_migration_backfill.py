"""The migration of issue 16 summarises the threads that exist already:
one row per thread with its last message, read by both sides' users (no
flood of "unread" on the first visit), and each ad's first answer."""
from __future__ import annotations

from flask_migrate import upgrade
from sqlalchemy import text

from app import create_app
from app.config import BASE_DIR
from app.extensions import db

BEFORE = "60edccb91709"
ROWS = """
INSERT INTO institution (id, kind, name, short_name, slug, is_reference, is_member, created_at)
VALUES (1, 'commune', 'Commune A', 'A', 'a', true, true, '2026-01-01 08:00:00'),
       (2, 'cpas', 'CPAS B', 'B', 'b', true, true, '2026-01-01 08:00:00'),
       (3, 'commune', 'Commune C', 'C', 'c', true, true, '2026-01-01 08:00:00');
INSERT INTO user_account (id, institution_id, email, name, function, phone, status,
       is_referent, is_manager, consent_share_contact, notification_preference,
       session_token, created_at)
VALUES (1, 1, 'a@x.test', 'A', '', '', 'active', false, false, false, 'daily', 't1',
        '2026-01-01 08:00:00'),
       (2, 2, 'b@x.test', 'B', '', '', 'active', false, false, false, 'daily', 't2',
        '2026-01-01 08:00:00'),
       (3, 3, 'c@x.test', 'C', '', '', 'active', false, false, false, 'daily', 't3',
        '2026-01-01 08:00:00');
INSERT INTO annonce (id, institution_id, kind, category, title, body, quantity, broadcast,
       status, expires_on, search_text, hidden_reason, created_at, updated_at)
VALUES (1, 1, 'demande', 'soutien-humain', 'Agent', 'Texte', 1, false, 'ouverte',
        '2027-01-01', 'agent', '', '2026-01-02 08:00:00', '2026-01-02 08:00:00'),
       (2, 1, 'demande', 'soutien-humain', 'Sans réponse', 'Texte', 1, false, 'ouverte',
        '2027-01-01', 'sans', '', '2026-01-02 08:00:00', '2026-01-02 08:00:00');
INSERT INTO annonce_message (annonce_id, partner_id, sender_institution_id, body, created_at)
VALUES (1, 2, 2, 'Réponse de B', '2026-01-03 09:00:00'),
       (1, 2, 1, 'Merci', '2026-01-03 10:00:00'),
       (1, 3, 3, 'Réponse de C', '2026-01-04 09:00:00');
"""


def test_upgrade_backfills_threads_reads_and_first_answers(tmp_path):
    app = create_app({"TESTING": True,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.sqlite3'}"})
    with app.app_context():
        upgrade(directory=str(BASE_DIR / "migrations"), revision=BEFORE)
        with db.engine.begin() as connection:
            for statement in ROWS.split(";"):
                if statement.strip():
                    connection.execute(text(statement))
        upgrade(directory=str(BASE_DIR / "migrations"))
        with db.engine.connect() as connection:
            threads = connection.execute(text(
                "SELECT annonce_id, owner_id, partner_id, last_message_at, last_sender_id,"
                " message_count FROM annonce_thread ORDER BY partner_id")).all()
            reads = connection.execute(text(
                "SELECT user_id, t.partner_id, read_at = t.last_message_at FROM thread_read r"
                " JOIN annonce_thread t ON t.id = r.thread_id ORDER BY user_id")).all()
            first = connection.execute(text(
                "SELECT id, first_answered_at FROM annonce ORDER BY id")).all()
        db.engine.dispose()
    assert [tuple(row) for row in threads] == [
        (1, 1, 2, "2026-01-03 10:00:00", 1, 2),
        (1, 1, 3, "2026-01-04 09:00:00", 3, 1)]
    # A reads both threads, B and C their own: nothing unread after upgrading.
    assert [tuple(row) for row in reads] == [(1, 2, 1), (1, 3, 1), (2, 2, 1), (3, 3, 1)]
    assert [tuple(row) for row in first] == [(1, "2026-01-03 09:00:00"), (2, None)]
