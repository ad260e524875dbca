"""Mise en relation: matching ads on the ad page, and the email to the
authors of matching ads when a new one is posted."""
from __future__ import annotations

from datetime import date

import pytest

from app.blueprints.annonces.matching import matching_annonces
from app.models import AnnonceCategory, AnnonceKind, AnnonceStatus, InstitutionKind, UserStatus
from tests.annonces.manage_helpers import ad_form, annonces, outbox, post_ad

OFFRE = {"kind": "offre", "category": "soutien-humain", "title": "Agent disponible"}


@pytest.fixture()
def helper(auth, make_user, make_institution):
    """A member of another institution, about to post an offre."""
    institution = make_institution(InstitutionKind.CPAS, name="CPAS de Libin")
    return auth.client_for(make_user(institution=institution))


@pytest.fixture()
def demande(make_annonce, make_user, make_institution):
    author = make_user(institution=make_institution(name="Commune de Daverdisse"),
                       name="Denise Martin", email="denise@daverdisse.test")
    return make_annonce(author=author, title="Renfort pour l'état civil")


def test_the_author_of_a_matching_demande_is_emailed(helper, db, demande):
    assert post_ad(helper, ad_form(**OFFRE)).status_code == 303
    [email] = outbox(db, "annonce_match")
    offre = annonces(db)[-1]
    assert email.recipient == "denise@daverdisse.test"
    assert email.subject == "Nouvelle offre en lien avec votre annonce « Renfort pour " \
                            "l'état civil »"
    assert email.body_text.startswith("Bonjour Denise Martin,")
    assert "CPAS de Libin vient de publier une offre" in email.body_text
    assert f"http://localhost/annonces/{offre.id}" in email.body_text
    assert f"http://localhost/annonces/{demande.id}" in email.body_text
    assert email.reply_to == helper.user.email


def test_both_pages_list_the_match(helper, db, demande, auth, make_user):
    post_ad(helper, ad_form(**OFFRE))
    offre = annonces(db)[-1]
    page = helper.get(f"/annonces/{offre.id}").get_data(as_text=True)
    section = page.split('id="matches-title"')[1]
    assert f'href="/annonces/{demande.id}">Renfort pour l&#39;état civil</a>' in section
    reader = auth.client_for(make_user(institution=demande.institution))
    section = reader.get(f"/annonces/{demande.id}").get_data(as_text=True) \
        .split('id="matches-title"')[1]
    assert f'href="/annonces/{offre.id}">Agent disponible</a>' in section


@pytest.mark.parametrize("changes", [
    {"kind": "demande"},
    {"category": "pret-materiel"},
])
def test_no_email_without_a_match(helper, db, demande, changes):
    post_ad(helper, ad_form(**{**OFFRE, **changes}))
    assert outbox(db, "annonce_match") == []


def test_closed_ads_and_own_institution_are_not_told(helper, db, make_annonce, make_user):
    make_annonce(status=AnnonceStatus.POURVUE)
    colleague = make_user(institution=helper.user.institution)
    make_annonce(author=colleague)
    post_ad(helper, ad_form(**OFFRE))
    assert outbox(db, "annonce_match") == []


def test_the_contact_hears_when_the_author_has_left(helper, db, demande, make_user):
    contact = make_user(institution=demande.institution, email="contact@daverdisse.test")
    demande.contact = contact
    demande.author.status = UserStatus.SUSPENDED
    db.session.commit()
    post_ad(helper, ad_form(**OFFRE))
    assert [m.recipient for m in outbox(db, "annonce_match")] == ["contact@daverdisse.test"]


def test_one_email_per_person_and_at_most_twenty(helper, db, make_annonce, make_user,
                                                 make_institution):
    prolific = make_user(institution=make_institution())
    make_annonce(author=prolific)
    make_annonce(author=prolific)
    for _ in range(22):
        make_annonce(author=make_user(institution=make_institution()))
    post_ad(helper, ad_form(**OFFRE))
    recipients = [m.recipient for m in outbox(db, "annonce_match")]
    assert len(recipients) == 20 == len(set(recipients))


def test_periods_must_overlap_when_both_are_given(db, make_annonce, make_user,
                                                  make_institution):
    offre = make_annonce(kind=AnnonceKind.OFFRE, start_date=date(2030, 3, 1),
                         end_date=date(2030, 3, 31))

    def demande(title, start=None, end=None, **fields):
        return make_annonce(author=make_user(institution=make_institution()), title=title,
                            start_date=start, end_date=end, **fields)

    demande("avant", date(2030, 1, 1), date(2030, 2, 28))
    demande("après", date(2030, 4, 1), date(2030, 4, 30))
    demande("chevauche", date(2030, 2, 15), date(2030, 3, 1))
    demande("sans dates")
    demande("début seul", date(2030, 3, 20))
    demande("début trop tard", date(2030, 4, 2))
    demande("fin seule", None, date(2030, 3, 5))
    demande("autre catégorie", category=AnnonceCategory.EXPERTISE)
    demande("fermée", status=AnnonceStatus.ANNULEE)
    titles = [a.title for a in matching_annonces(offre, limit=10)]
    assert sorted(titles) == ["chevauche", "début seul", "fin seule", "sans dates"]
    assert titles == ["fin seule", "début seul", "sans dates", "chevauche"]
    assert len(matching_annonces(offre, limit=2)) == 2
