"""Templates in the members' daily digest (sent once, only to people with
something new) and on the home page."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.blueprints.modeles.services import add_version, set_published
from app.jobs.daily import run_all
from app.localtime import brussels_today
from app.models import NotificationPreference, OutboxMessage, TemplateCategory, utcnow
from tests.helpers import recorded_statements
from tests.modeles.files import office_file


def _run_tomorrow():
    """The jobs of tomorrow morning: their digest covers today."""
    now = utcnow()
    return run_all(brussels_today(now) + timedelta(days=1), now + timedelta(days=1))


def _digests(db) -> dict[str, OutboxMessage]:
    return {m.recipient: m for m in db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.template == "annonces_digest"))}


def test_new_and_updated_templates_reach_the_digest_once(db, make_user, make_template,
                                                          manager):
    daily = make_user(name="Lecteur quotidien")
    immediate = make_user(notification_preference=NotificationPreference.IMMEDIATE)
    draft = make_template(title="Brouillon", published=False)
    make_template(title="Convention de prêt de matériel",
                  category=TemplateCategory.CONVENTION_PRET)
    updated = make_template(title="Demande de prix – services", published=False,
                            category=TemplateCategory.MARCHE_SERVICES)
    add_version(updated, manager, "Seuils 2026", {"docx": office_file("docx", "v2.docx")})
    set_published(updated, manager, True)
    add_version(draft, manager, "Encore en travail", {"docx": office_file("docx", "d.docx")})
    db.session.commit()

    _run_tomorrow()
    _run_tomorrow()
    digests = _digests(db)
    assert daily.email in digests and immediate.email not in digests
    assert manager.email in digests  # managers are members too
    message = digests[daily.email]
    assert message.subject == "2 modèles de documents nouveaux ou mis à jour sur la plateforme"
    assert "Nouveaux modèles de documents" in message.body_text
    assert "Nouveaux modèles de documents" in message.body_html
    assert "Convention de prêt de matériel" in message.body_text
    assert "nouveau modèle" in message.body_text
    assert "version 2 : Seuils 2026" in message.body_text
    assert "Brouillon" not in message.body_text
    assert f"http://localhost/modeles/{updated.id}" in message.body_text
    assert "nouvelles annonces publiées" not in message.body_text
    assert len(db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient == daily.email)).all()) == 1


def test_ads_and_templates_share_one_digest(db, make_user, make_template, make_annonce):
    reader = make_user()
    make_annonce(title="Remorque à prêter")
    make_template(title="Convention de prêt de matériel")
    _run_tomorrow()
    message = _digests(db)[reader.email]
    assert message.subject == ("1 nouvelle annonce et 1 modèle de document nouveau ou mis à "
                               "jour sur la plateforme")
    assert "Remorque à prêter" in message.body_text
    assert "Convention de prêt de matériel" in message.body_text


def test_no_digest_without_news(db, make_user, make_template):
    make_user()
    make_template(title="Pas encore publié", published=False)
    _run_tomorrow()
    assert _digests(db) == {}


def test_templates_older_than_the_day_are_left_out(db, make_user, make_template):
    make_user()
    make_template(title="Ancien")
    run_all(brussels_today() + timedelta(days=2), utcnow() + timedelta(days=2))
    assert _digests(db) == {}


def _queries(app, client, url: str) -> tuple[int, str]:
    with recorded_statements() as statements:
        html = client.get(url).get_data(as_text=True)
    return len(statements), html


def test_home_shows_the_latest_templates_to_members(app, client, member, make_template, db):
    assert "Derniers modèles" not in client.get("/").get_data(as_text=True)
    for number in range(2):
        make_template(title=f"Modèle {number}")
    small, _ = _queries(app, member, "/")
    make_template(title="Non publié", published=False)
    latest = make_template(title="Le plus récent")
    for number in range(2, 8):
        template = make_template(title=f"Modèle {number}")
        template.updated_at = utcnow() - timedelta(days=number)
    latest.updated_at = utcnow() + timedelta(minutes=1)
    db.session.commit()
    count, html = _queries(app, member, "/")
    assert count == small
    section = html.split('id="latest-modeles-title"')[1].split("</section>")[0]
    assert section.count('class="template-item"') == 3
    assert "Le plus récent" in section and "Non publié" not in section
    assert f'href="/modeles/{latest.id}"' in section
