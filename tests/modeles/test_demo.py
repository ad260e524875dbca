"""The demo templates of `flask seed demo`: idempotent, every category, and
the two genuine conventions as valid DOCX and ODT files."""
from __future__ import annotations

import io
import os
import zipfile

from sqlalchemy import select

from app.models import DocumentTemplate, TemplateCategory
from tests.helpers import login

GENUINE = ("Convention de mise à disposition de personnel entre pouvoirs locaux",
           "Convention de prêt de matériel entre pouvoirs locaux")


def _templates(db) -> list[DocumentTemplate]:
    return list(db.session.scalars(select(DocumentTemplate).order_by(DocumentTemplate.id)))


def test_seed_demo_templates_are_idempotent_and_cover_every_category(app, db, runner):
    first = runner.invoke(args=["seed", "demo"])
    assert first.exit_code == 0, first.output
    assert "Demo document templates: 7 created." in first.output
    files = sorted(os.listdir(app.config["UPLOAD_FOLDER"]))
    second = runner.invoke(args=["seed", "demo"])
    assert "Demo document templates: 0 created." in second.output
    assert sorted(os.listdir(app.config["UPLOAD_FOLDER"])) == files
    templates = _templates(db)
    assert len(templates) == 7
    assert {t.category for t in templates if t.is_published} == set(TemplateCategory)
    assert [t.title for t in templates if not t.is_published] == [
        "Procès-verbal de comparaison des offres – marché de faible montant"]
    assert all(t.indicative and t.search_text for t in templates)
    fournitures = next(t for t in templates if "fournitures" in t.title)
    assert [v.number for v in fournitures.versions] == [2, 1]
    assert sorted(f.format for f in fournitures.current_version.files) == ["docx", "odt", "pdf"]


def _download(client, template: DocumentTemplate, file_format: str) -> bytes:
    response = client.get(f"/modeles/{template.id}/telecharger?format={file_format}")
    assert response.status_code == 200
    return response.data


def test_the_genuine_conventions_are_valid_documents(app, db, runner):
    assert runner.invoke(args=["seed", "demo"]).exit_code == 0
    member = app.test_client()
    assert login(member, "referent.arlon@demo.eplateforme.example",
                 "demo-eplateforme-2026").status_code == 303
    for title in GENUINE:
        template = db.session.scalar(select(DocumentTemplate).where(
            DocumentTemplate.title == title))
        assert template.is_published
        with zipfile.ZipFile(io.BytesIO(_download(member, template, "docx"))) as docx:
            assert docx.testzip() is None
            document = docx.read("word/document.xml").decode()
            assert title in document and "Modèle indicatif" in document
            assert "word/document.xml" in docx.read("[Content_Types].xml").decode()
        with zipfile.ZipFile(io.BytesIO(_download(member, template, "odt"))) as odt:
            assert odt.testzip() is None
            assert odt.namelist()[0] == "mimetype"
            assert odt.read("mimetype") == b"application/vnd.oasis.opendocument.text"
            content = odt.read("content.xml").decode()
            assert title in content and "Modèle indicatif" in content
            assert "META-INF/manifest.xml" in odt.namelist()
    pdf = _download(member, db.session.scalar(select(DocumentTemplate).where(
        DocumentTemplate.title.like("Demande de prix – services%"))), "pdf")
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
