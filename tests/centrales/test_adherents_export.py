"""The manager's list of a central's adherents and its CSV export, which
Belgian Excel opens with accents intact and formulas neutralised."""
from __future__ import annotations

import csv
import io

from app.localtime import BRUSSELS
from app.models import Adhesion, AdhesionStatus, InstitutionKind, utcnow
from tests.centrales.content_factories import make_centrale


def _adhesion(db, centrale, user, **fields) -> Adhesion:
    adhesion = Adhesion(centrale=centrale, institution=user.institution, requested_by=user,
                        **fields)
    db.session.add(adhesion)
    db.session.commit()
    return adhesion


def test_csv_export(db, manager, make_user, make_institution):
    centrale = make_centrale(db, slug="sel-de-deneigement")
    etalle = make_institution(name="Commune d'Étalle", arrondissement="Virton")
    cpas = make_institution(InstitutionKind.CPAS, name="=CPAS de Saint-Léger",
                            arrondissement="Virton")
    first = _adhesion(db, centrale, make_user(institution=etalle, name="Hélène Gérard",
                                              email="helene@etalle.test"))
    _adhesion(db, centrale, make_user(institution=cpas, name="+cmd|' /C calc'!A0",
                                      email="@sum@cpas.test"),
              status=AdhesionStatus.CONFIRMED, decided_at=utcnow())
    other = make_centrale(db)
    _adhesion(db, other, make_user(name="Ailleurs", email="ailleurs@commune.test"))

    response = manager.get(f"/gestion/centrales/{centrale.id}/adherents.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == \
        'attachment; filename="adherents-sel-de-deneigement.csv"'
    assert response.data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in response.data and b"\n" not in response.data.replace(b"\r\n", b"")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Institution", "Type", "Arrondissement", "Statut", "Demandée le",
                       "Décidée le", "Demandeur", "Adresse e-mail du demandeur"]
    assert rows[1] == ["Commune d'Étalle", "Commune / Ville", "Virton", "Demande en attente",
                       f"{first.created_at.astimezone(BRUSSELS):%d/%m/%Y}", "", "Hélène Gérard",
                       "helene@etalle.test"]
    assert rows[2][0] == "'=CPAS de Saint-Léger" and rows[2][3] == "Adhésion confirmée"
    assert rows[2][6] == "'+cmd|' /C calc'!A0" and rows[2][7] == "'@sum@cpas.test"
    assert len(rows) == 3


def test_adherents_page(db, manager, make_user, make_institution):
    centrale = make_centrale(db, title="Carburants")
    user = make_user(institution=make_institution(name="Commune de Habay"),
                     name="Jean Lambert", email="jean@habay.test")
    adhesion = _adhesion(db, centrale, user, message="Pour nos 12 véhicules")
    html = manager.get(f"/gestion/centrales/{centrale.id}/adherents").get_data(as_text=True)
    assert "1 demande en attente" in html and "Commune de Habay" in html
    assert "Jean Lambert" in html and "jean@habay.test" in html
    assert "Pour nos 12 véhicules" in html
    assert f'action="/gestion/adhesions/{adhesion.id}"' in html
    assert f'id="reason-{adhesion.id}"' in html
    assert f'href="/gestion/centrales/{centrale.id}/adherents.csv"' in html
    listing = manager.get("/gestion/centrales").get_data(as_text=True)
    assert "1 demande en attente" in listing


def test_empty_export_has_the_header_only(db, manager):
    centrale = make_centrale(db)
    response = manager.get(f"/gestion/centrales/{centrale.id}/adherents.csv")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1
    assert manager.get("/gestion/centrales/999999/adherents.csv").status_code == 404
    assert manager.get("/gestion/centrales/999999/adherents").status_code == 404
