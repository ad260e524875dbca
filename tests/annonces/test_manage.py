"""Publishing, showing, editing, closing and reopening an annonce, by the
users of the author's institution."""
from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from app.models import (
    AnnonceAttachment,
    AnnonceCategory,
    AnnonceKind,
    AnnonceStatus,
    InstitutionKind,
    UserStatus,
)
from tests.annonces.manage_helpers import (
    ad_form,
    annonces,
    audit_actions,
    in_days,
    post_action,
    post_ad,
)
from tests.helpers import count_queries


@pytest.fixture()
def arlon(make_institution):
    return make_institution(InstitutionKind.COMMUNE, name="Commune d'Arlon",
                            short_name="Arlon")


@pytest.fixture()
def author(auth, make_user, arlon):
    return auth.client_for(make_user(institution=arlon, name="Anne Lambert",
                                     function="Directrice générale", phone="063 21 22 23"))


def test_form_shows_the_defaults(author, arlon):
    html = author.get("/annonces/nouvelle").get_data(as_text=True)
    assert "<h1>Publier une annonce</h1>" in html
    assert f'<option selected value="{arlon.id}">Arlon</option>' in html
    assert f'<option selected value="{author.user.id}">Anne Lambert (Directrice générale)' \
        in html
    assert f'value="{in_days(60).isoformat()}"' in html
    assert 'enctype="multipart/form-data"' in html
    assert "<legend>Type d&#39;annonce</legend>" in html


def test_create_with_every_field(author, db, make_user, arlon, make_institution):
    colleague = make_user(institution=arlon, name="Bruno Colin")
    bastogne = make_institution(InstitutionKind.COMMUNE, name="Commune de Bastogne",
                                short_name="Bastogne")
    response = post_ad(author, ad_form(
        kind="offre", category="pret-materiel", title="Remorque à prêter",
        body="Une remorque **plateau**.", start_date="2030-05-01", end_date="2030-05-31",
        quantity="1 remorque", location=str(bastogne.id), contact=str(colleague.id),
        expires_on=in_days(90).isoformat(),
    ))
    assert response.status_code == 303
    [annonce] = annonces(db)
    assert response.headers["Location"] == f"/annonces/{annonce.id}"
    assert (annonce.kind, annonce.category) == (AnnonceKind.OFFRE, AnnonceCategory.PRET_MATERIEL)
    assert annonce.title == "Remorque à prêter" and annonce.quantity == "1 remorque"
    assert (annonce.start_date, annonce.end_date) == (date(2030, 5, 1), date(2030, 5, 31))
    assert annonce.location_id == bastogne.id and annonce.contact_id == colleague.id
    assert annonce.author_id == author.user.id and annonce.institution_id == arlon.id
    assert annonce.expires_on == in_days(90) and annonce.status == AnnonceStatus.OPEN
    assert "remorque" in annonce.search_text and "bastogne" in annonce.search_text
    assert audit_actions(db) == ["annonce.created"]
    page = author.get(response.headers["Location"]).get_data(as_text=True)
    assert "Votre annonce est publiée." in page


def test_dates_typed_the_belgian_way_are_understood(author, db):
    response = post_ad(author, ad_form(start_date="06/01/2030", end_date="10/01/2030"))
    assert response.status_code == 303
    annonce = annonces(db)[0]
    assert (annonce.start_date, annonce.end_date) == (date(2030, 1, 6), date(2030, 1, 10))


def test_create_with_defaults(author, db, arlon):
    assert post_ad(author, ad_form()).status_code == 303
    [annonce] = annonces(db)
    assert annonce.contact_id == author.user.id
    assert annonce.location_id == arlon.id
    assert annonce.expires_on == in_days(60)
    assert annonce.broadcast is False


def test_default_location_of_a_cpas_is_its_commune(auth, db, make_user, make_institution,
                                                   arlon):
    cpas = make_institution(InstitutionKind.CPAS, name="CPAS d'Arlon", commune_id=arlon.id)
    client = auth.client_for(make_user(institution=cpas))
    assert post_ad(client, ad_form()).status_code == 303
    assert annonces(db)[0].location_id == arlon.id


def test_police_zone_has_no_default_location(auth, db, make_user, make_institution):
    zone = make_institution(InstitutionKind.ZONE_POLICE, name="Zone de police Gaume")
    client = auth.client_for(make_user(institution=zone))
    html = client.get("/annonces/nouvelle").get_data(as_text=True)
    assert '<option selected value="">Pas de commune précise</option>' in html
    assert post_ad(client, ad_form()).status_code == 303
    assert annonces(db)[0].location_id is None


def test_detail_page(author, auth, db, arlon, make_user, make_institution):
    post_ad(author, ad_form(start_date="2030-01-06", end_date="2030-01-10",
                            quantity="2 agents", body="## Tâches\n\n- accueil\n- **actes**"))
    annonce = annonces(db)[0]
    reader = auth.client_for(make_user(institution=make_institution()))
    html = reader.get(f"/annonces/{annonce.id}").get_data(as_text=True)
    assert "<h1 id=\"annonce-title\">Agent d&#39;état civil pour trois jours</h1>" in html
    assert 'class="badge badge-demande">Demande' in html and "Soutien humain" in html
    assert "Ouverte" in html
    assert f'href="/membres/{arlon.slug}"' in html
    assert "du 06/01/2030 au 10/01/2030" in html and "2 agents" in html
    assert "<h4>Tâches</h4>" in html and "<strong>actes</strong>" in html
    assert "Anne Lambert" in html and "Directrice générale" in html
    assert author.user.email in html and "063 21 22 23" in html
    assert "Échanges" in html and "Annonces correspondantes" in html
    assert "Gérer l'annonce" not in html and "Modération" not in html
    own = author.get(f"/annonces/{annonce.id}").get_data(as_text=True)
    assert "Gérer l'annonce" in own and f"/annonces/{annonce.id}/modifier" in own
    assert f"/annonces/{annonce.id}/cloturer" in own


def test_unknown_annonce_is_404(author):
    assert author.get("/annonces/424242").status_code == 404


def test_edit_by_a_colleague(author, auth, db, make_user, arlon):
    post_ad(author, ad_form())
    annonce = annonces(db)[0]
    colleague = auth.client_for(make_user(institution=arlon))
    page = colleague.get(f"/annonces/{annonce.id}/modifier").get_data(as_text=True)
    assert "Modifier l'annonce" in page and "Agent d&#39;état civil pour trois jours" in page
    assert "Adresser à tous les adhérents" not in page
    response = post_ad(colleague, ad_form(title="Agent d'état civil pour une semaine",
                                           quantity="1 agent", location="",
                                           contact=str(colleague.user.id)),
                       path=f"/annonces/{annonce.id}/modifier")
    assert response.status_code == 303
    annonce = annonces(db)[0]
    assert annonce.title == "Agent d'état civil pour une semaine"
    assert annonce.contact_id == colleague.user.id and annonce.quantity == "1 agent"
    assert annonce.author_id == author.user.id
    assert "semaine" in annonce.search_text
    assert audit_actions(db) == ["annonce.created", "annonce.updated"]


def test_an_unchanged_past_expiry_does_not_block_an_edit(author, db):
    post_ad(author, ad_form())
    annonce = annonces(db)[0]
    annonce.expires_on = in_days(-3)
    annonce.status = AnnonceStatus.EXPIREE
    db.session.commit()
    response = post_ad(author, ad_form(title="Nouveau titre",
                                       expires_on=in_days(-3).isoformat()),
                       path=f"/annonces/{annonce.id}/modifier")
    assert response.status_code == 303
    assert annonces(db)[0].title == "Nouveau titre"


def test_close_as_pourvue_with_the_helping_institution(author, db, make_institution):
    helper = make_institution(InstitutionKind.CPAS, name="CPAS de Habay")
    make_institution(name="Commune non membre", is_member=False)
    post_ad(author, ad_form())
    annonce = annonces(db)[0]
    form = author.get(f"/annonces/{annonce.id}/cloturer").get_data(as_text=True)
    assert "<legend>Issue de l&#39;annonce</legend>" in form
    assert "CPAS de Habay" in form and "Commune non membre" not in form
    assert "Commune d&#39;Arlon</option>" not in form
    response = post_action(author, f"/annonces/{annonce.id}/cloturer",
                           {"outcome": "pourvue", "helped_by": str(helper.id)})
    assert response.status_code == 303
    annonce = annonces(db)[0]
    assert annonce.status == AnnonceStatus.POURVUE and annonce.helped_by_id == helper.id
    assert annonce.closed_at is not None
    assert audit_actions(db)[-1] == "annonce.closed"
    page = author.get(f"/annonces/{annonce.id}").get_data(as_text=True)
    assert "L&#39;annonce est clôturée (pourvue)." in page and "CPAS de Habay" in page
    assert "Rouvrir l'annonce" in page


def test_close_as_annulee_ignores_helped_by(author, db, make_institution):
    helper = make_institution()
    post_ad(author, ad_form())
    annonce = annonces(db)[0]
    post_action(author, f"/annonces/{annonce.id}/cloturer",
                {"outcome": "annulee", "helped_by": str(helper.id)})
    annonce = annonces(db)[0]
    assert annonce.status == AnnonceStatus.ANNULEE and annonce.helped_by_id is None


def test_closing_twice_only_says_so(author, db):
    post_ad(author, ad_form())
    annonce = annonces(db)[0]
    post_action(author, f"/annonces/{annonce.id}/cloturer", {"outcome": "annulee"})
    closed_at = annonces(db)[0].closed_at
    response = post_action(author, f"/annonces/{annonce.id}/cloturer", {"outcome": "pourvue"},
                           follow_redirects=True)
    assert "Cette annonce est déjà clôturée." in response.get_data(as_text=True)
    annonce = annonces(db)[0]
    assert annonce.status == AnnonceStatus.ANNULEE and annonce.closed_at == closed_at


def test_reopen(author, db, make_institution):
    helper = make_institution()
    post_ad(author, ad_form())
    annonce = annonces(db)[0]
    post_action(author, f"/annonces/{annonce.id}/cloturer",
                {"outcome": "pourvue", "helped_by": str(helper.id)})
    response = post_action(author, f"/annonces/{annonce.id}/rouvrir")
    assert response.status_code == 303
    annonce = annonces(db)[0]
    assert annonce.status == AnnonceStatus.OPEN
    assert annonce.helped_by_id is None and annonce.closed_at is None
    assert annonce.expires_on == in_days(60)
    assert audit_actions(db)[-1] == "annonce.reopened"


def test_reopen_pushes_a_past_expiry(author, db):
    post_ad(author, ad_form())
    annonce = annonces(db)[0]
    annonce.status = AnnonceStatus.EXPIREE
    annonce.expires_on = in_days(-10)
    db.session.commit()
    post_action(author, f"/annonces/{annonce.id}/rouvrir")
    annonce = annonces(db)[0]
    assert annonce.status == AnnonceStatus.OPEN and annonce.expires_on == in_days(60)


def test_reopening_an_open_ad_only_says_so(author, db):
    post_ad(author, ad_form())
    annonce = annonces(db)[0]
    response = post_action(author, f"/annonces/{annonce.id}/rouvrir", follow_redirects=True)
    assert "Cette annonce est déjà ouverte." in response.get_data(as_text=True)
    assert audit_actions(db) == ["annonce.created"]


def test_inactive_colleagues_are_not_offered_as_contact(author, make_user, arlon):
    make_user(institution=arlon, name="Ancien Agent", status=UserStatus.SUSPENDED)
    html = author.get("/annonces/nouvelle").get_data(as_text=True)
    assert "Ancien Agent" not in html


def test_home_lists_the_latest_open_ads_for_members(author, client, make_annonce):
    for number in range(6):
        make_annonce(title=f"Annonce récente {number}")
    make_annonce(title="Annonce pourvue", status=AnnonceStatus.POURVUE)
    html = author.get("/").get_data(as_text=True)
    assert "Dernières annonces" in html
    assert [n for n in range(6) if f"Annonce récente {n}" in html] == [1, 2, 3, 4, 5]
    assert "Annonce pourvue" not in html
    assert "Dernières annonces" not in client.get("/").get_data(as_text=True)



def test_query_counts_do_not_grow_with_data(author, db, make_annonce, make_user,
                                            make_institution):
    post_ad(author, ad_form())
    annonce = annonces(db)[0]

    def more(number: int) -> None:
        for index in range(number):
            make_annonce(author=make_user(institution=make_institution()),
                         kind=AnnonceKind.OFFRE)
            annonce.attachments.append(AnnonceAttachment(
                original_name=f"plan-{index}.pdf", stored_name=f"test-{uuid4().hex}",
                content_type="application/pdf", size=2048))
        db.session.commit()

    more(1)
    detail, home = count_queries(author, f"/annonces/{annonce.id}"), count_queries(author, "/")
    more(6)
    assert count_queries(author, f"/annonces/{annonce.id}") == detail
    assert count_queries(author, "/") == home
