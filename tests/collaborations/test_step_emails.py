"""Each step reaches the other side's mailbox, through a real SMTP server on
loopback: proposal, acceptance, approval, signed convention, end; refusal
and cancellation with their reason."""
from __future__ import annotations

import io
from datetime import timedelta

from app.localtime import brussels_today
from app.mail.delivery import send_pending
from tests.annonces.manage_helpers import PDF_BYTES
from tests.collaborations.helpers import collaborations, post, proposal


def _deliver(app) -> None:
    with app.app_context():
        send_pending()


def test_every_step_mails_the_other_side(app, db, auth, pair, in_touch, smtp):
    author, partner = pair
    annonce = in_touch(author, partner)
    commune, cpas = auth.client_for(author), auth.client_for(partner)
    today = brussels_today()
    post(commune, f"/annonces/{annonce.id}/collaboration", proposal(
        partner=str(partner.institution_id), start_date=today.isoformat(),
        end_date=(today + timedelta(days=1)).isoformat(), days_planned="2"))
    [collaboration] = collaborations(db)
    base = f"/collaborations/{collaboration.id}"
    post(cpas, f"{base}/accepter")
    post(cpas, f"{base}/approbation", {"body": "Conseil de l'action sociale",
                                       "approved_on": today.isoformat()})
    post(commune, f"{base}/convention-signee", {"file": (io.BytesIO(PDF_BYTES), "c.pdf")})
    post(commune, f"{base}/terminer", {"days_done": "2"})
    _deliver(app)

    to_cpas = [m["Subject"] for m in smtp.to(partner.email)]
    to_commune = [m["Subject"] for m in smtp.to(author.email)]
    assert [s.split(" : ")[0] for s in to_cpas] == [
        "Commune de Bouillon vous propose une collaboration",
        "Convention signée déposée par Commune de Bouillon",
        "Commune de Bouillon a clôturé la collaboration"]
    assert [s.split(" : ")[0] for s in to_commune] == [
        "CPAS de Paliseul accepte la collaboration",
        "CPAS de Paliseul a enregistré l'accord de son autorité"]
    ended = smtp.to(partner.email)[-1]
    assert "Jours prestés : 2." in ended.get_body(("plain",)).get_content()
    assert ended["Reply-To"] == author.email
    assert f"{base}" in ended.get_body(("html",)).get_content()


def test_refusal_and_cancellation_carry_their_reason(app, db, auth, pair,
                                                     make_collaboration, smtp):
    author, partner = pair
    refused = make_collaboration(author, partner)
    cancelled = make_collaboration(author, partner, description="Autre besoin")
    post(auth.client_for(partner), f"/collaborations/{refused.id}/refuser",
         {"reason": "Agent <b>indisponible</b>."})
    post(auth.client_for(author), f"/collaborations/{cancelled.id}/annuler",
         {"reason": "Besoin couvert en interne."})
    _deliver(app)
    [refusal] = smtp.to(author.email)
    assert "Agent <b>indisponible</b>." in refusal.get_body(("plain",)).get_content()
    html = refusal.get_body(("html",)).get_content()
    assert "Agent &lt;b&gt;indisponible&lt;/b&gt;." in html and "<b>indisponible" not in html
    [cancellation] = smtp.to(partner.email)
    assert "Besoin couvert en interne." in cancellation.get_body(("plain",)).get_content()
