"""The demo collaborations of `flask seed demo`: every state, real threads
and a stored signed convention, dates around today, and no duplicate when
the seeding runs again."""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import func, select

from app.demo.accounts import DEMO_PASSWORD
from app.localtime import brussels_today
from app.models import (
    Annonce,
    AnnonceMessage,
    Collaboration,
    CollaborationKind,
    CollaborationStatus,
    SignedConvention,
)

Status = CollaborationStatus


def _collaborations(db) -> list[Collaboration]:
    db.session.expire_all()
    return list(db.session.scalars(select(Collaboration).order_by(Collaboration.id)))


def _count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_every_state_once_seeded_and_nothing_twice(app, db, runner):
    first = runner.invoke(args=["seed", "demo"])
    assert first.exit_code == 0, first.output
    assert "Demo collaborations: 9 created." in first.output
    collaborations = _collaborations(db)
    assert {c.status for c in collaborations} == set(Status)
    counts = (len(collaborations), _count(db, SignedConvention), _count(db, AnnonceMessage))
    files = sorted(os.listdir(app.config["UPLOAD_FOLDER"]))

    second = runner.invoke(args=["seed", "demo"])
    assert second.exit_code == 0, second.output
    assert "Demo collaborations: 0 created." in second.output
    assert (len(_collaborations(db)), _count(db, SignedConvention),
            _count(db, AnnonceMessage)) == counts
    assert sorted(os.listdir(app.config["UPLOAD_FOLDER"])) == files


def test_each_state_is_shown_as_it_would_be_lived(app, db, runner):
    assert runner.invoke(args=["seed", "demo"]).exit_code == 0
    today = brussels_today()
    by_status: dict[Status, list[Collaboration]] = {}
    for collaboration in _collaborations(db):
        by_status.setdefault(collaboration.status, []).append(collaboration)
        annonce, provider = collaboration.annonce, collaboration.provider_id
        partner = (collaboration.beneficiary_id if annonce.institution_id == provider
                   else provider)
        assert db.session.scalar(select(func.count()).select_from(AnnonceMessage).where(
            AnnonceMessage.annonce_id == annonce.id, AnnonceMessage.partner_id == partner)) >= 1
        assert collaboration.start_date <= collaboration.end_date

    assert all(c.start_date > today for c in by_status[Status.ACCEPTEE])
    assert by_status[Status.ACCEPTEE][0].provider_approval_body == "Collège communal"
    assert by_status[Status.ACCEPTEE][0].provider_approved_on <= today

    current = [c for c in by_status[Status.SIGNEE] if c.is_current(today)]
    assert current
    for collaboration in by_status[Status.SIGNEE] + by_status[Status.TERMINEE]:
        signed = collaboration.signed_convention
        assert signed is not None and signed.content_type == "application/pdf"
        path = Path(app.config["UPLOAD_FOLDER"]) / signed.stored_name
        assert path.read_bytes().startswith(b"%PDF-") and path.stat().st_size == signed.size

    ended = by_status[Status.TERMINEE]
    assert len(ended) >= 3 and all(c.end_date.year == today.year for c in ended)
    assert all(c.end_date <= today and c.ended_at is not None for c in ended)
    staff = [c for c in ended if c.kind == CollaborationKind.PERSONNEL]
    equipment = [c for c in ended if c.kind == CollaborationKind.MATERIEL]
    assert staff and all(c.days_done and c.value_per_day for c in staff)
    assert {c.returned_ok for c in equipment} == {True, False}

    for stopped in by_status[Status.REFUSEE] + by_status[Status.ANNULEE]:
        assert stopped.reason and stopped.stopped_by_id in (stopped.provider_id,
                                                            stopped.beneficiary_id)
    [refused] = by_status[Status.REFUSEE]
    assert refused.stopped_by_id != refused.proposer_id  # the other side refuses

    trailer = db.session.scalar(select(Annonce).where(
        Annonce.title == "Remorque plateau à prêter"))
    assert trailer.quantity_available == 2


def test_a_demo_member_sees_its_signed_collaboration(auth, db, runner):
    assert runner.invoke(args=["seed", "demo"]).exit_code == 0
    [current] = [c for c in _collaborations(db)
                 if c.status == Status.SIGNEE and c.beneficiary.slug == "commune-arlon"]
    member = auth.client_for("referent.arlon@demo.eplateforme.example", DEMO_PASSWORD)
    html = member.get(f"/collaborations/{current.id}").get_data(as_text=True)
    assert "Zone de police Gaume" in html and "déchets verts" in html
