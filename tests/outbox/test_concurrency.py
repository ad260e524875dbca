"""Several senders at once (gunicorn workers, cron): each message goes out
exactly once, on PostgreSQL (FOR UPDATE SKIP LOCKED) and SQLite
(conditional update)."""
from __future__ import annotations

import threading
from collections import Counter

from app.extensions import db as _db
from app.mail.delivery import claim_batch, send_pending

MESSAGES = 40


def _run_together(app, work) -> list:
    """Run `work()` in two threads, each with its own app context and
    database session, started at the same moment."""
    barrier = threading.Barrier(2)
    results, errors = [], []

    def runner():
        with app.app_context():
            try:
                barrier.wait(timeout=10)
                results.append(work())
            except Exception as error:  # noqa: BLE001 - reported by the test
                errors.append(error)
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=runner) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    return results


def test_two_senders_deliver_each_message_exactly_once(app, db, make_message, smtp):
    for number in range(MESSAGES):
        make_message(recipient=f"agent{number}@commune.test")

    def send_until_done() -> int:
        sent = 0
        while True:
            report = send_pending(limit=5)
            if not (report.sent or report.retried or report.dead):
                return sent
            sent += report.sent

    results = _run_together(app, send_until_done)
    assert sum(results) == MESSAGES
    counts = Counter(address for m in smtp.messages for address in m.envelope_to)
    assert len(counts) == MESSAGES
    assert set(counts.values()) == {1}


def test_two_claims_at_once_never_overlap(app, db, make_message, smtp):
    for number in range(MESSAGES):
        make_message(recipient=f"agent{number}@commune.test")
    first, second = _run_together(app, lambda: claim_batch(limit=MESSAGES))
    assert not set(first) & set(second)
    assert len(first) + len(second) == MESSAGES
