"""Demo missions and centrals: loaded by `flask seed demo`, idempotent,
marked illustrative, with genuine generated documents that pass the upload
checks."""
from __future__ import annotations

import io
import os
import re
import zipfile
from xml.etree import ElementTree

from sqlalchemy import func, select

from app.demo.accounts import DEMO_PASSWORD
from app.demo.documents import odt_document, pdf_document
from app.localtime import brussels_today
from app.models import Centrale, CentraleDocument, CentraleStatus, Mission, MissionDocument


def _count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_seed_demo_is_idempotent(app, db, runner):
    first = runner.invoke(args=["seed", "demo"])
    assert first.exit_code == 0, first.output
    assert "9 mission(s), 6 centrale(s) created" in first.output
    counts = [_count(db, model) for model in (Mission, MissionDocument, Centrale,
                                              CentraleDocument)]
    files = sorted(os.listdir(app.config["UPLOAD_FOLDER"]))
    second = runner.invoke(args=["seed", "demo"])
    assert second.exit_code == 0, second.output
    assert "0 mission(s), 0 centrale(s) created" in second.output
    db.session.expire_all()
    assert [_count(db, model) for model in (Mission, MissionDocument, Centrale,
                                            CentraleDocument)] == counts
    assert sorted(os.listdir(app.config["UPLOAD_FOLDER"])) == files


def test_demo_content_is_readable_and_marked(auth, db, runner, client):
    assert runner.invoke(args=["seed", "demo"]).exit_code == 0
    missions = db.session.scalars(select(Mission)).all()
    assert len(missions) == 9 and all(m.is_published for m in missions)
    assert all("Contenu illustratif de démonstration" in m.body for m in missions)
    assert len({m.theme for m in missions}) == 4
    assert all(m.contact_email.endswith("@province.example") for m in missions)
    titles = " ".join(m.title for m in missions)
    for words in ("Soutien humain", "Centrales d'achats", "cours d'eau", "Fonds d'impulsion",
                  "investissement communal 2026", "Coopération horizontale",
                  "Aide technique", "bâches agricoles", "espèces invasives"):
        assert words in titles

    centrales = db.session.scalars(select(Centrale)).all()
    today = brussels_today()
    statuses = [c.status_on(today) for c in centrales]
    assert statuses.count(CentraleStatus.EN_COURS) == 1
    assert statuses.count(CentraleStatus.CLOTUREE) == 1
    assert statuses.count(CentraleStatus.OUVERTE) == 4
    assert all("(exemple)" in c.title and "titre d'exemple" in c.description
               for c in centrales)
    assert all(len(c.documents) == 2 for c in centrales)

    page = client.get("/centrales/sel-de-deneigement").get_data(as_text=True)
    links = re.findall(r'href="(/centrales/sel-de-deneigement/documents/\d+)"', page)
    pdf, odt = (client.get(link) for link in links)
    assert pdf.data.startswith(b"%PDF-1.4") and pdf.mimetype == "application/pdf"
    with zipfile.ZipFile(io.BytesIO(odt.data)) as archive:
        assert archive.namelist()[0] == "mimetype"
        assert "Convention d'adhésion" in archive.read("content.xml").decode()

    member = auth.client_for("referent.arlon@demo.eplateforme.example", DEMO_PASSWORD)
    html = member.get("/missions").get_data(as_text=True)
    assert "Fonds d&#39;investissement communal 2026" in html
    detail = member.get("/missions/fonds-d-investissement-communal-2026").get_data(
        as_text=True)
    assert "Contenu illustratif de démonstration" in detail and "2,15 millions" in detail


def _check_pdf_structure(data: bytes) -> None:
    """Every cross-reference entry points at its object, as readers expect."""
    start = int(re.search(rb"startxref\n(\d+)\n%%EOF\n$", data)[1])
    assert data[start:start + 4] == b"xref"
    entries = re.findall(rb"(\d{10}) 00000 n \n", data[start:])
    assert entries
    for number, offset in enumerate(entries, start=1):
        assert data[int(offset):].startswith(b"%d 0 obj\n" % number)


def test_generated_documents_are_genuine():
    paragraphs = ["Un paragraphe avec accents : é, è, à, ç, €, « guillemets » (et "
                  "parenthèses) \\ barre."] * 80
    pdf = pdf_document("Cahier spécial des charges – essai", paragraphs)
    assert pdf.startswith(b"%PDF-")
    _check_pdf_structure(pdf)
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 2  # long text spans pages
    odt = odt_document("Convention <d'essai> & co", paragraphs[:2])
    with zipfile.ZipFile(io.BytesIO(odt)) as archive:
        info = archive.infolist()[0]
        assert (info.filename, info.compress_type) == ("mimetype", zipfile.ZIP_STORED)
        assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        content = archive.read("content.xml")
    text = "".join(ElementTree.fromstring(content).itertext())  # noqa: S314 - generated here
    assert "Convention <d'essai> & co" in text and "« guillemets »" in text
