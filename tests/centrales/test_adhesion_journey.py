"""A member asks to join a central, the manager is emailed and decides in
the back office, the member is emailed and sees the status on the central
and in /compte; through a real SMTP server. Double requests, closed
centrals, declines with a reason and decisions taken once."""
from __future__ import annotations

from html import unescape
from urllib.parse import urlsplit

from sqlalchemy import func, select

from app.mail.delivery import send_pending
from app.models import Adhesion, AdhesionStatus
from tests.centrales.content_factories import audit_actions, in_days, make_centrale, outbox, post
from tests.helpers import links_in


def _text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def _adhesions(db) -> list[Adhesion]:
    db.session.expire_all()
    return list(db.session.scalars(select(Adhesion).order_by(Adhesion.id)))


def test_member_adheres_and_manager_confirms(app, db, smtp, member, manager):
    centrale = make_centrale(db, title="Sel de déneigement", slug="sel")
    page = member.get("/centrales/sel").get_data(as_text=True)
    assert 'action="/centrales/sel/adherer"' in page and "Adhérer à cette centrale" in page

    response = post(member, "/centrales/sel/adherer", {"message": "Environ 40 tonnes."},
                    token_from="/centrales/sel")
    assert response.status_code == 303 and response.headers["Location"] == "/centrales/sel"
    (adhesion,) = _adhesions(db)
    assert adhesion.status is AdhesionStatus.PENDING
    assert adhesion.institution_id == member.user.institution_id
    assert adhesion.requested_by_id == member.user.id and adhesion.message == "Environ 40 tonnes."
    page = member.get("/centrales/sel").get_data(as_text=True)
    assert "est envoyée au gestionnaire" in page and "Demande en attente" in page
    assert 'action="/centrales/sel/adherer"' not in page

    assert send_pending().sent == 1
    (to_manager,) = smtp.to(app.config["PLATFORM_MANAGER_EMAIL"])
    assert "Sel de déneigement" in to_manager["Subject"]
    assert "Commune d'Érezée" in to_manager["Subject"]
    assert to_manager["Reply-To"] == "aline.dupre@erezee.test"
    body = _text(to_manager)
    assert "Aline Dupré" in body and "Environ 40 tonnes." in body
    link = next(link for link in links_in(body) if "/adherents" in link)
    assert link.startswith(app.config["PUBLIC_URL"])
    adherents = manager.get(urlsplit(link).path)
    assert adherents.status_code == 200
    assert "Commune d&#39;Érezée" in adherents.get_data(as_text=True)

    decided = post(manager, f"/gestion/adhesions/{adhesion.id}", {"decision": "confirm"})
    assert decided.status_code == 303
    assert decided.headers["Location"] == f"/gestion/centrales/{centrale.id}/adherents"
    assert "est confirmée" in manager.get(decided.headers["Location"]).get_data(as_text=True)
    (adhesion,) = _adhesions(db)
    assert adhesion.status is AdhesionStatus.CONFIRMED and adhesion.decided_at is not None
    assert audit_actions(db)[-2:] == ["adhesion.requested", "adhesion.confirmed"]

    assert send_pending().sent == 1
    (to_member,) = smtp.to("aline.dupre@erezee.test")
    assert "Adhésion confirmée" in to_member["Subject"]
    assert f"{app.config['PUBLIC_URL']}/centrales/sel" in _text(to_member)

    central_page = member.get("/centrales/sel").get_data(as_text=True)
    assert "Adhésion confirmée" in central_page
    account = member.get("/compte").get_data(as_text=True)
    section = account.split('id="adhesions-title"')[1].split("</section>")[0]
    assert '<a href="/centrales/sel">Sel de déneigement</a>' in section
    assert "Adhésion confirmée" in section


def test_a_second_request_is_refused_while_pending_or_confirmed(db, member, manager):
    make_centrale(db, slug="carburants")
    assert post(member, "/centrales/carburants/adherer").status_code == 303
    again = post(member, "/centrales/carburants/adherer", {"message": "Encore"})
    assert again.status_code == 303
    html = unescape(member.get("/centrales/carburants").get_data(as_text=True))
    assert "la demande est en cours d'examen" in html
    (adhesion,) = _adhesions(db)
    assert adhesion.message == "" and len(outbox(db, "adhesion_requested")) == 1
    post(manager, f"/gestion/adhesions/{adhesion.id}", {"decision": "confirm"})
    post(member, "/centrales/carburants/adherer")
    assert "Votre institution est déjà adhérente de cette centrale." in unescape(
        member.get("/centrales/carburants").get_data(as_text=True))
    assert len(_adhesions(db)) == 1 and len(outbox(db, "adhesion_requested")) == 1


def test_a_colleague_of_the_same_institution_cannot_ask_again(auth, db, member, make_user):
    make_centrale(db, slug="bureau")
    colleague = auth.client_for(make_user(institution=member.user.institution))
    post(member, "/centrales/bureau/adherer")
    post(colleague, "/centrales/bureau/adherer")
    assert len(_adhesions(db)) == 1
    assert "Demande en attente" in colleague.get("/centrales/bureau").get_data(as_text=True)


def test_decline_needs_a_reason_then_the_member_may_ask_again(app, db, smtp, member, manager):
    centrale = make_centrale(db, slug="informatique", title="Matériel informatique")
    post(member, "/centrales/informatique/adherer", {"message": "Dix portables"})
    (adhesion,) = _adhesions(db)
    refused = post(manager, f"/gestion/adhesions/{adhesion.id}", {"decision": "decline"})
    assert refused.status_code == 200
    html = refused.get_data(as_text=True)
    assert "Indiquez le motif du refus" in html and f'id="reason-{adhesion.id}-error"' in html
    assert _adhesions(db)[0].status is AdhesionStatus.PENDING

    declined = post(manager, f"/gestion/adhesions/{adhesion.id}",
                    {"decision": "decline", "reason": "Votre commune est déjà couverte."})
    assert declined.status_code == 303
    assert _adhesions(db)[0].status is AdhesionStatus.DECLINED
    send_pending()
    notice = smtp.to("aline.dupre@erezee.test")[-1]
    assert "Adhésion refusée" in notice["Subject"]
    assert "Votre commune est déjà couverte." in _text(notice)
    page = member.get("/centrales/informatique").get_data(as_text=True)
    assert "Adhésion refusée" in page and "Votre commune est déjà couverte." in page
    assert 'action="/centrales/informatique/adherer"' in page

    assert post(member, "/centrales/informatique/adherer").status_code == 303
    (adhesion,) = _adhesions(db)
    assert adhesion.status is AdhesionStatus.PENDING and adhesion.decline_reason == ""
    assert adhesion.decided_at is None
    assert len(outbox(db, "adhesion_requested")) == 2
    assert centrale.id == adhesion.centrale_id


def test_a_decision_is_taken_once(db, member, manager):
    centrale = make_centrale(db, slug="vetements")
    post(member, "/centrales/vetements/adherer")
    (adhesion,) = _adhesions(db)
    post(manager, f"/gestion/adhesions/{adhesion.id}", {"decision": "confirm"})
    second = post(manager, f"/gestion/adhesions/{adhesion.id}",
                  {"decision": "decline", "reason": "Changement d'avis"})
    assert second.status_code == 303
    page = manager.get(f"/gestion/centrales/{centrale.id}/adherents").get_data(as_text=True)
    assert "déjà été traitée" in page
    (adhesion,) = _adhesions(db)
    assert adhesion.status is AdhesionStatus.CONFIRMED
    assert len(outbox(db, "adhesion_decided")) == 1
    assert audit_actions(db).count("adhesion.confirmed") == 1
    assert "adhesion.declined" not in audit_actions(db)


def test_no_adhesion_once_the_deadline_has_passed(db, member):
    make_centrale(db, slug="en-cours", adhesion_deadline=in_days(-1))
    make_centrale(db, slug="close", valid_until=in_days(-1), adhesion_deadline=in_days(-30))
    for slug in ("en-cours", "close"):
        page = member.get(f"/centrales/{slug}").get_data(as_text=True)
        assert "Les adhésions à cette centrale sont closes." in page
        assert f'action="/centrales/{slug}/adherer"' not in page
        assert post(member, f"/centrales/{slug}/adherer").status_code == 303
    html = member.get("/centrales/close").get_data(as_text=True)
    assert "Cette centrale est clôturée" in html
    assert db.session.scalar(select(func.count(Adhesion.id))) == 0


def test_adhesion_to_an_unpublished_central_is_404(db, member):
    make_centrale(db, slug="cachee", is_published=False)
    assert post(member, "/centrales/cachee/adherer").status_code == 404


def test_a_too_long_message_is_shown_again_with_its_error(db, member):
    make_centrale(db, slug="sel")
    response = post(member, "/centrales/sel/adherer", {"message": "x" * 2001})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Le message ne peut pas dépasser 2 000 caractères." in html
    assert "x" * 2001 in html
    assert db.session.scalar(select(func.count(Adhesion.id))) == 0


def test_visitors_cannot_adhere(client, db):
    make_centrale(db, slug="sel")
    response = post(client, "/centrales/sel/adherer", token_from="/connexion")
    assert response.status_code == 302 and "/connexion" in response.headers["Location"]
    assert client.post("/centrales/sel/adherer").status_code == 400  # no CSRF token
    assert db.session.scalar(select(func.count(Adhesion.id))) == 0
