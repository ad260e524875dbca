"""The manager's help page: for managers only, linked from the back office,
and every link it gives leads somewhere."""
from __future__ import annotations

import re


def test_help_is_for_managers(client, member_client):
    response = client.get("/gestion/aide")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/connexion?next=")
    assert member_client.get("/gestion/aide").status_code == 403


def test_help_explains_each_task(manager_client):
    response = manager_client.get("/gestion/aide")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for heading in ("Approuver ou refuser une demande d'adhésion",
                    "Renvoyer un e-mail de décision",
                    "Suspendre, réactiver ou retirer une institution",
                    "Changer le référent", "Suspendre et anonymiser un utilisateur",
                    "Nommer un gestionnaire", "Modérer une annonce",
                    "Publier des modèles, des missions et des centrales",
                    "Lire le journal des courriels", "Journal, statistiques et exports",
                    "Ce qui se fait seul chaque matin, à 7 h"):
        assert f">{heading}</h2>" in html, heading
    assert "flask --app wsgi create-manager" in html
    assert 'aria-current="page">Aide</a>' in html


def test_help_is_linked_and_its_links_work(manager_client):
    assert 'href="/gestion/aide"' in manager_client.get("/gestion").get_data(as_text=True)
    html = manager_client.get("/gestion/aide").get_data(as_text=True)
    main = html[html.index("<main"):html.index("</main>")]
    links = set(re.findall(r'href="(/gestion[^"#]*)"', main))
    assert {"/gestion/inscriptions", "/gestion/institutions", "/gestion/utilisateurs",
            "/gestion/courriels"} <= links
    for link in links:
        assert manager_client.get(link).status_code == 200, link
    anchors = set(re.findall(r'href="#([^"]+)"', main))
    assert anchors and all(f'id="{anchor}"' in main for anchor in anchors)
