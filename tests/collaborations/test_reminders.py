"""Reminders of collaborations in `flask jobs run`: the day before the start,
the day before the end (equipment: the return), three days after the end
while not marked ended; each once, to the right people."""
from __future__ import annotations

from datetime import timedelta

import pytest

from app.blueprints.collaborations.reminders import send_collaboration_reminders
from app.jobs.daily import run_all
from app.localtime import brussels_today
from app.mail.delivery import send_pending
from app.models import CollaborationKind, CollaborationStatus, UserStatus, utcnow
from tests.helpers import links_in, recorded_statements
from tests.jobs.job_helpers import outbox

ACCEPTEE, SIGNEE = CollaborationStatus.ACCEPTEE, CollaborationStatus.SIGNEE
MATERIEL = CollaborationKind.MATERIEL


def fr(day) -> str:
    return day.strftime("%d/%m/%Y")


def run_on(offset: int) -> dict[str, str]:
    """Run the daily jobs as on today + offset days; the collaboration summary."""
    today = brussels_today() + timedelta(days=offset)
    results = run_all(today, utcnow() + timedelta(days=offset))
    return {r.job: r.summary for r in results}["collaboration-reminders"]


def sent(db, kind: str) -> list[tuple[str, str]]:
    """(recipient, subject) of the reminders of one kind, oldest first."""
    return [(m.recipient, m.subject) for m in outbox(db, f"collaboration_reminder_{kind}")]


def plain(message) -> str:
    return message.get_body(("plain",)).get_content()


def delivered(smtp, user, words: str) -> str:
    """The text of the one message delivered to `user` whose subject has `words`."""
    [message] = [m for m in smtp.to(user.email) if words in m["Subject"]]
    return plain(message)


def test_start_reminder_the_day_before_to_both_sides_once(db, pair, make_collaboration,
                                                          smtp):
    claire, paul = pair
    tomorrow = make_collaboration(claire, partner=paul, status=ACCEPTEE, start_in=1, days=3,
                                  place="Maison communale", schedule="8 h – 12 h")
    later = make_collaboration(claire, partner=paul, status=SIGNEE, start_in=2)

    assert run_on(-1) == "0 starting, 0 ending, 0 overdue collaboration(s) reminded"
    assert run_on(0) == "1 starting, 0 ending, 0 overdue collaboration(s) reminded"
    assert run_on(0) == "already done, skipped"
    subject = "Rappel : votre collaboration avec {} commence demain"
    assert sorted(sent(db, "start")) == [(claire.email, subject.format("CPAS de Paliseul")),
                                         (paul.email, subject.format("Commune de Bouillon"))]

    assert send_pending().sent == 2
    text = plain(smtp.to(claire.email)[0])
    assert f"commence demain, le {fr(tomorrow.start_date)}." in text
    assert f"Période : du {fr(tomorrow.start_date)} au {fr(tomorrow.end_date)}" in text
    assert "Lieu : Maison communale" in text and "Horaire : 8 h – 12 h" in text
    assert "pas encore été déposée" in text  # accepted, not yet signed
    assert f"http://localhost/collaborations/{tomorrow.id}" in links_in(text)
    html = smtp.to(paul.email)[0].get_body(("html",)).get_content()
    assert f'href="http://localhost/collaborations/{tomorrow.id}"' in html

    assert run_on(1) == "1 starting, 0 ending, 0 overdue collaboration(s) reminded"
    assert [m.body_text.count(f"/collaborations/{later.id}")
            for m in outbox(db, "collaboration_reminder_start")] == [0, 0, 1, 1]
    assert "pas encore été déposée" not in outbox(db, "collaboration_reminder_start")[-1].body_text


def test_the_columns_keep_a_reminder_from_going_twice(app, db, pair, make_collaboration):
    claire, paul = pair
    collaboration = make_collaboration(claire, partner=paul, status=ACCEPTEE, start_in=1)
    today, now = brussels_today(), utcnow()
    with app.test_request_context():
        assert send_collaboration_reminders(today, now)["start"] == 1
        assert send_collaboration_reminders(today, now)["start"] == 0
    db.session.commit()
    db.session.refresh(collaboration)
    assert collaboration.start_reminder_sent_at is not None
    assert len(sent(db, "start")) == 2


def test_end_reminder_says_when_equipment_is_due_back(db, pair, make_collaboration, smtp):
    claire, paul = pair
    loan = make_collaboration(claire, partner=paul, status=SIGNEE, kind=MATERIEL,
                              start_in=-3, days=5, description="Remorque plateau")
    one_day = make_collaboration(claire, partner=paul, status=ACCEPTEE, start_in=1, days=1)

    assert run_on(-1) == "0 starting, 0 ending, 0 overdue collaboration(s) reminded"
    assert run_on(0) == "1 starting, 1 ending, 0 overdue collaboration(s) reminded"
    subject = "Rappel : votre collaboration avec Commune de Bouillon se termine demain"
    assert (paul.email, subject) in sent(db, "end")
    assert len(sent(db, "end")) == 2
    for message in outbox(db, "collaboration_reminder_start"):
        assert f"/collaborations/{one_day.id}" in message.body_text
        assert f"a lieu demain, le {fr(one_day.start_date)}" in message.body_text

    send_pending()
    due_back = f"Le matériel doit être rendu le {fr(loan.end_date)}."
    provider = delivered(smtp, paul, "se termine demain")
    beneficiary = delivered(smtp, claire, "se termine demain")
    assert due_back in provider and due_back in beneficiary
    assert "Nombre d'unités : 1" in provider and "Objet : Remorque plateau" in provider
    # The provider confirms the return; the beneficiary has nothing to do.
    assert "confirmez-le sur la plateforme" in provider
    assert "confirmez-le sur la plateforme" not in beneficiary

    assert run_on(1) == "0 starting, 0 ending, 0 overdue collaboration(s) reminded"


def test_staff_end_reminder_asks_the_beneficiary_for_the_days(db, pair, make_collaboration):
    claire, paul = pair
    make_collaboration(claire, partner=paul, status=ACCEPTEE, start_in=-1, days=3)
    run_on(0)
    [to_paul] = [m for m in outbox(db, "collaboration_reminder_end")
                 if m.recipient == paul.email]
    [to_claire] = [m for m in outbox(db, "collaboration_reminder_end")
                   if m.recipient == claire.email]
    assert "nombre de jours prestés" in to_claire.body_text  # Bouillon receives the agent
    assert "nombre de jours prestés" not in to_paul.body_text
    assert "Le matériel" not in to_claire.body_text


def test_overdue_reminder_goes_once_to_the_closing_side_after_missed_runs(
        db, pair, make_collaboration, smtp):
    claire, paul = pair
    staff = make_collaboration(claire, partner=paul, status=SIGNEE, start_in=-5, days=3)
    equipment = make_collaboration(claire, partner=paul, status=ACCEPTEE, kind=MATERIEL,
                                   start_in=-5, days=3)

    assert run_on(-1) == "0 starting, 0 ending, 0 overdue collaboration(s) reminded"
    # No run today nor tomorrow: the run of the day after catches up.
    assert run_on(2) == "0 starting, 0 ending, 2 overdue collaboration(s) reminded"
    assert run_on(3) == "0 starting, 0 ending, 0 overdue collaboration(s) reminded"
    messages = outbox(db, "collaboration_reminder_overdue")
    # Staff: the beneficiary (Bouillon) gives the days; equipment: the provider (Paliseul).
    assert [(m.recipient, m.subject) for m in messages] == [
        (claire.email, "Collaboration avec CPAS de Paliseul : à marquer comme terminée"),
        (paul.email, "Collaboration avec Commune de Bouillon : à marquer comme terminée")]
    assert outbox(db, "collaboration_reminder_start") == []  # long started: never announced

    send_pending()
    text = plain(smtp.to(claire.email)[0])
    assert f"s'est terminée le {fr(staff.end_date)}" in text
    assert "nombre de jours réellement prestés" in text
    assert f"http://localhost/collaborations/{staff.id}" in links_in(text)
    assert f"http://localhost/collaborations/{equipment.id}" in links_in(
        plain(smtp.to(paul.email)[0]))
    assert "retour du matériel" in plain(smtp.to(paul.email)[0])


@pytest.mark.parametrize("status", [CollaborationStatus.PROPOSEE, CollaborationStatus.REFUSEE,
                                    CollaborationStatus.ANNULEE, CollaborationStatus.TERMINEE])
def test_no_reminder_unless_agreed_and_not_ended(db, pair, make_collaboration, status):
    claire, paul = pair
    for start_in, days in ((1, 3), (-1, 3), (-6, 2)):  # starts, ends tomorrow, overdue
        make_collaboration(claire, partner=paul, status=status, start_in=start_in, days=days,
                           reason="Plus nécessaire")
    assert run_on(0) == "0 starting, 0 ending, 0 overdue collaboration(s) reminded"
    assert outbox(db) == []


def test_the_people_who_arranged_it_and_the_referent_are_told(
        db, pair, make_collaboration, make_user):
    claire, paul = pair
    referent = make_user(institution=claire.institution, is_referent=True)
    make_user(institution=claire.institution, name="Collègue sans lien")
    make_user(institution=paul.institution, name="Autre agent du CPAS")
    collaboration = make_collaboration(claire, partner=paul, status=ACCEPTEE, start_in=1)
    collaboration.annonce.contact = make_user(institution=claire.institution,
                                              status=UserStatus.SUSPENDED)
    db.session.commit()
    run_on(0)
    # Claire wrote the annonce and proposed; Paul answered it.
    assert sorted(r for r, _ in sent(db, "start")) == sorted(
        [claire.email, referent.email, paul.email])


def test_everyone_is_told_when_nobody_involved_is_left(db, pair, make_collaboration,
                                                        make_user):
    claire, paul = pair
    colleagues = [make_user(institution=paul.institution) for _ in range(2)]
    make_collaboration(claire, partner=paul, status=ACCEPTEE, start_in=1)
    paul.status = UserStatus.SUSPENDED
    db.session.commit()
    run_on(0)
    assert sorted(r for r, _ in sent(db, "start")) == sorted(
        [claire.email, *(c.email for c in colleagues)])


def _selects(app, today) -> int:
    with app.test_request_context(), recorded_statements() as statements:
        send_collaboration_reminders(today, utcnow())
    return sum(s.lstrip().upper().startswith("SELECT") for s in statements)


def test_reads_do_not_grow_with_the_number_of_collaborations(app, db, pair, make_user,
                                                             make_collaboration):
    claire, paul = pair
    for start_in in (1, -1, -6):
        make_collaboration(claire, partner=paul, status=ACCEPTEE, start_in=start_in, days=3)
    few = _selects(app, brussels_today())
    db.session.rollback()
    others = [make_user() for _ in range(3)]
    for other in others:
        for start_in in (1, -1, -6):
            make_collaboration(claire, partner=other, status=SIGNEE, start_in=start_in,
                               days=3)
    assert _selects(app, brussels_today()) == few
