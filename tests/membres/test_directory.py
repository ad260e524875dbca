"""The member directory: members only, consent respected, no N+1 queries."""
from __future__ import annotations

import pytest

from app.models import InstitutionKind, User, UserStatus, utcnow
from tests.helpers import count_queries


@pytest.fixture()
def member_client(auth, make_institution, make_user):
    home = make_institution(InstitutionKind.CPAS, name="CPAS de Bastogne",
                            arrondissement="Bastogne", slug="cpas-bastogne")
    return auth.client_for(make_user(institution=home))


@pytest.fixture()
def arlon(make_institution, make_user):
    zone = make_institution(InstitutionKind.ZONE_POLICE, name="Zone de police Arlon",
                            arrondissement=None, slug="zone-police-arlon")
    commune = make_institution(InstitutionKind.COMMUNE, name="Commune d'Arlon",
                               short_name="Arlon", slug="commune-arlon", postal_code="6700",
                               police_zone_id=zone.id)
    make_user(institution=commune, name="Marie Dupont", function="Directrice générale",
              email="marie.dupont@arlon.test", phone="063 24 56 00", is_referent=True,
              consent_share_contact=True)
    make_user(institution=commune, name="Collègue Discret", email="discret@arlon.test")
    return commune


def test_directory_groups_members_by_kind_and_arrondissement(member_client, arlon,
                                                             make_institution):
    make_institution(InstitutionKind.COMMUNE, name="Commune d'Étalle", short_name="Étalle",
                     arrondissement="Virton")
    make_institution(InstitutionKind.COMMUNE, name="Commune de Chiny", short_name="Chiny",
                     arrondissement="Virton")
    make_institution(InstitutionKind.COMMUNE, name="Commune de Tenneville", is_member=False)
    make_institution(InstitutionKind.COMMUNE, name="Commune Partie", retired_at=utcnow())
    make_institution(InstitutionKind.COMMUNE, name="Commune Suspendue", suspended_at=utcnow())
    response = member_client.get("/membres")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    order = ['<h2 id="kind-commune">Communes', "Arrondissement d&#39;Arlon", "Commune d&#39;Arlon",
             "Arrondissement de Virton", "Commune de Chiny", "Commune d&#39;Étalle",
             '<h2 id="kind-cpas">CPAS', "Arrondissement de Bastogne", "CPAS de Bastogne",
             '<h2 id="kind-zone_police">Zones de police', "Zone de police Arlon"]
    positions = [html.index(text) for text in order]
    assert positions == sorted(positions)
    for absent in ["Tenneville", "Commune Partie", "Commune Suspendue"]:
        assert absent not in html
    assert 'href="/membres/commune-arlon"' in html
    assert "Marie Dupont, Directrice générale" in html
    assert 'href="mailto:marie.dupont@arlon.test"' in html
    assert 'href="tel:063245600"' in html
    assert "Pas encore de référent désigné." in html  # Étalle, Chiny and the others


def test_contact_hidden_without_consent(db, member_client, arlon):
    referent = arlon.users[0]
    referent.consent_share_contact = False
    db.session.commit()
    for path in ["/membres", "/membres/commune-arlon"]:
        html = member_client.get(path).get_data(as_text=True)
        assert "Marie Dupont" in html
        assert "marie.dupont@arlon.test" not in html
        assert "063 24 56 00" not in html
        assert "n’a pas souhaité partager ses coordonnées" in html


def test_an_anonymised_referent_is_not_shown(db, member_client, arlon):
    arlon.users[0].status = UserStatus.ANONYMISED
    db.session.commit()
    html = member_client.get("/membres").get_data(as_text=True)
    assert "Marie Dupont" not in html


def test_institution_page(member_client, arlon):
    response = member_client.get("/membres/commune-arlon")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Commune d&#39;Arlon</h1>" in html
    for text in ["Commune / Ville", "Arlon", "6700", "Zone de police Arlon",
                 "Marie Dupont", 'href="mailto:marie.dupont@arlon.test"']:
        assert text in html
    assert "discret@arlon.test" not in html and "Collègue Discret" not in html


@pytest.mark.parametrize("slug", ["inexistant", "commune-tenneville", "commune-partie",
                                  "x" * 500])
def test_unknown_or_non_member_institution_is_404(member_client, make_institution, slug):
    make_institution(name="Commune de Tenneville", slug="commune-tenneville", is_member=False)
    make_institution(name="Commune Partie", slug="commune-partie", retired_at=utcnow())
    assert member_client.get(f"/membres/{slug}").status_code == 404


def test_visitors_are_sent_to_login(client, arlon):
    for path in ["/membres", "/membres/commune-arlon"]:
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/connexion")



def _add_members(db, make_institution, start: int, stop: int) -> None:
    for number in range(start, stop):
        institution = make_institution(
            InstitutionKind.COMMUNE if number % 2 else InstitutionKind.CPAS,
            name=f"Membre {number:02d}", arrondissement=["Arlon", "Virton"][number % 2])
        db.session.add(User(institution=institution, email=f"referent{number}@membre.test",
                            name=f"Référent {number}", is_referent=True,
                            consent_share_contact=True, status=UserStatus.ACTIVE))
    db.session.commit()


def test_query_count_does_not_grow_with_members(db, member_client, make_institution):
    _add_members(db, make_institution, 0, 3)
    member_client.get("/membres")  # warm up caches outside the count
    with_3 = count_queries(member_client, "/membres")
    _add_members(db, make_institution, 3, 30)
    html = member_client.get("/membres").get_data(as_text=True)
    assert "Membre 29" in html
    assert count_queries(member_client, "/membres") == with_3


def test_member_page_lists_its_open_annonces(client, auth, make_user, make_annonce):
    from app.models import AnnonceStatus

    author = make_user(is_referent=True)
    make_annonce(author=author, title="Remorque disponible")
    make_annonce(author=author, title="Ancienne demande", status=AnnonceStatus.POURVUE)
    auth.login(make_user())
    html = client.get(f"/membres/{author.institution.slug}").get_data(as_text=True)
    assert "Remorque disponible" in html
    assert "Ancienne demande" not in html
