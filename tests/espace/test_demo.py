"""The demo shows the member's workspace: an urgent demande, a request to
the Province, unread conversations and an open report."""
from __future__ import annotations

from sqlalchemy import func, select

from app.demo.accounts import DEMO_DOMAIN
from app.models import AddressedTo, Annonce, AnnonceReport, AnnonceThread


def test_demo_seeds_each_part_once(db, runner):
    for _ in range(2):
        assert runner.invoke(args=["seed", "demo"]).exit_code == 0
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).where(Annonce.urgent.is_(True))) == 1
    assert db.session.scalar(select(func.count()).where(
        Annonce.addressed_to == AddressedTo.PROVINCE)) == 1
    assert db.session.scalar(select(func.count(AnnonceReport.id))) == 1
    assert db.session.scalar(select(func.count(AnnonceThread.id))) > 0


def test_demo_member_sees_unread_conversations(db, runner, auth):
    runner.invoke(args=["seed", "reference"])
    assert runner.invoke(args=["seed", "demo"]).exit_code == 0
    client = auth.client_for(f"referent.arlon@{DEMO_DOMAIN}", "demo-eplateforme-2026")
    html = client.get("/mon-espace").get_data(as_text=True)
    unread = html.split('id="non-lus-title"', 1)[1].split("</section>", 1)[0]
    assert "Aucun échange non lu." not in unread
