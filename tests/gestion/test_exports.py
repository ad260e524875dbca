"""CSV exports: open with the csv module (`;`, UTF-8 with BOM), accents
intact, formulas neutralised, no contact detail a person did not agree to share."""
from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from app.localtime import brussels_today
from app.models import (
    AnnonceCategory,
    AnnonceKind,
    AnnonceStatus,
    InstitutionKind,
    UserStatus,
)

KINDS = ["membres", "utilisateurs", "annonces", "statistiques"]


def read_csv(response) -> list[list[str]]:
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


@pytest.fixture()
def people(db, make_institution, make_user):
    etalle = make_institution(InstitutionKind.CPAS, name="CPAS d'Étalle",
                              arrondissement="Virton", postal_code="6740")
    etalle.member_since = datetime(2026, 3, 2, 10, tzinfo=UTC)
    formula = make_institution(name="=HYPERLINK(\"http://evil.test\")", arrondissement="Arlon")
    make_institution(name="Commune non membre", is_member=False)
    agreed = make_user(institution=etalle, name="Hélène Référente", function="Directrice générale",
                       email="helene@etalle.test", phone="+32 63 45 67 89", is_referent=True,
                       consent_share_contact=True)
    refused = make_user(institution=formula, name="Gérard Discret", function="@SUM(A1)",
                        email="gerard@secret.test", phone="063 11 22 33", is_referent=True)
    make_user(institution=etalle, name="Ancien Agent", email="parti@etalle.test",
              status=UserStatus.ANONYMISED)
    return {"etalle": etalle, "formula": formula, "agreed": agreed, "refused": refused}


@pytest.mark.parametrize("kind", KINDS)
def test_only_managers_export(client, member_client, manager_client, kind):
    path = f"/gestion/exports/{kind}.csv"
    visitor = client.get(path)
    assert visitor.status_code == 302 and visitor.headers["Location"].startswith("/connexion")
    assert member_client.get(path).status_code == 403
    response = manager_client.get(path)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="{kind}-{brussels_today():%Y-%m-%d}.csv"')
    assert response.headers["Cache-Control"] == "no-store"


def test_unknown_export_is_404(manager_client):
    assert manager_client.get("/gestion/exports/mots-de-passe.csv").status_code == 404
    assert manager_client.get("/gestion/exports/membres.xlsx").status_code == 404


def test_members_with_consented_contacts_only(manager_client, people):
    rows = read_csv(manager_client.get("/gestion/exports/membres.csv"))
    assert rows[0] == ["Institution", "Type", "Arrondissement", "Code postal", "Membre depuis",
                       "Statut", "Référent", "Fonction du référent", "E-mail du référent",
                       "Téléphone du référent"]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["CPAS d'Étalle"] == [
        "CPAS d'Étalle", "CPAS", "Virton", "6740", "02/03/2026", "Active", "Hélène Référente",
        "Directrice générale", "helene@etalle.test", "'+32 63 45 67 89"]
    neutralised = by_name["'=HYPERLINK(\"http://evil.test\")"]
    assert neutralised[6:] == ["Gérard Discret", "'@SUM(A1)", "", ""]
    assert "Commune non membre" not in by_name
    text = manager_client.get("/gestion/exports/membres.csv").get_data(as_text=True)
    assert "gerard@secret.test" not in text and "063 11 22 33" not in text


def test_users_share_only_what_they_agreed_to(manager_client, manager, people):
    response = manager_client.get("/gestion/exports/utilisateurs.csv")
    rows = read_csv(response)
    assert rows[0] == ["Nom", "Fonction", "Institution", "Rôle", "Statut", "E-mail",
                       "Téléphone"]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Hélène Référente"] == [
        "Hélène Référente", "Directrice générale", "CPAS d'Étalle", "Référent", "Actif",
        "helene@etalle.test", "'+32 63 45 67 89"]
    assert by_name["Gérard Discret"][4:] == ["Actif", "", ""]
    assert by_name["Gestionnaire Principal"][3] == "Gestionnaire"
    assert "Ancien Agent" not in by_name
    text = response.get_data(as_text=True)
    for secret in ("gerard@secret.test", "063 11 22 33", "gestion@province.test",
                   "parti@etalle.test"):
        assert secret not in text


def test_annonces_with_the_moderation_filters(db, manager_client, people, make_annonce):
    helper = people["etalle"]
    make_annonce(author=people["refused"], title="-2+3 agents à prêter",
                 kind=AnnonceKind.OFFRE, category=AnnonceCategory.SOUTIEN_HUMAIN,
                 status=AnnonceStatus.POURVUE, helped_by=helper,
                 created_at=datetime(2026, 2, 1, 10, tzinfo=UTC),
                 closed_at=datetime(2026, 2, 3, 23, 30, tzinfo=UTC))
    make_annonce(author=people["agreed"], title="Prêt d'une tente de réception",
                 kind=AnnonceKind.DEMANDE, category=AnnonceCategory.PRET_MATERIEL,
                 created_at=datetime(2026, 2, 5, 10, tzinfo=UTC))
    rows = read_csv(manager_client.get("/gestion/exports/annonces.csv"))
    assert rows[0] == ["N°", "Publiée le", "Institution", "Type", "Catégorie", "Titre", "État",
                       "Clôturée le", "Pourvue avec l'aide de"]
    assert [row[5] for row in rows[1:]] == ["Prêt d'une tente de réception",
                                            "'-2+3 agents à prêter"]
    pourvue = rows[2]
    assert pourvue[1:5] == ["01/02/2026", "'=HYPERLINK(\"http://evil.test\")", "Offre",
                            "Soutien humain"]
    assert pourvue[6:] == ["Pourvue", "04/02/2026", "CPAS d'Étalle"]  # Brussels day
    filtered = read_csv(manager_client.get("/gestion/exports/annonces.csv?type=demande"))
    assert [row[5] for row in filtered[1:]] == ["Prêt d'une tente de réception"]


def test_statistics_export_follows_the_period(db, manager_client, people, make_annonce):
    make_annonce(author=people["agreed"], created_at=datetime(2026, 1, 10, 10, tzinfo=UTC),
                 status=AnnonceStatus.POURVUE, helped_by=people["formula"],
                 closed_at=datetime(2026, 1, 14, 22, tzinfo=UTC))
    make_annonce(author=people["agreed"], created_at=datetime(2025, 6, 1, 10, tzinfo=UTC))
    rows = read_csv(manager_client.get(
        "/gestion/exports/statistiques.csv?du=01/01/2026&au=31/01/2026"))
    assert rows[0] == ["Rubrique", "Libellé", "Valeur"]
    assert rows[1] == ["Période", "du 01/01/2026 au 31/01/2026", ""]
    assert ["Adhérents par type", "CPAS", "1"] in rows
    assert ["Annonces par catégorie", "Soutien humain", "1"] in rows
    assert ["Annonces par mois", "janvier 2026", "1"] in rows
    assert ["Annonces clôturées", "Part des annonces pourvues (%)", "100,0"] in rows
    assert ["Annonces clôturées", "Délai médian pour être pourvue (jours)", "4,5"] in rows
    # Only a cell's start can make a formula.
    assert ["Collaborations", "CPAS d'Étalle ← =HYPERLINK(\"http://evil.test\")", "1"] in rows
    link = manager_client.get("/gestion/statistiques?du=01/01/2026&au=31/01/2026")
    assert "/gestion/exports/statistiques.csv?du=01/01/2026&amp;au=31/01/2026" in \
        link.get_data(as_text=True)
