"""The demo templates of `flask seed demo`: idempotent, every category, and
the two genuine conventions as valid DOCX and ODT files; the writers give
the same bytes for the same text, and their text reads back."""
from __future__ import annotations

import io
import os
import zipfile

import docx
from odf import teletype
from odf.opendocument import load
from odf.text import H, P
from sqlalchemy import select

from app.demo.pdf import pdf_bytes
from app.documents.office import docx_bytes, odt_bytes, parse
from app.models import DocumentTemplate, TemplateCategory

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


def test_the_genuine_conventions_are_valid_documents(auth, db, runner):
    assert runner.invoke(args=["seed", "demo"]).exit_code == 0
    member = auth.client_for("referent.arlon@demo.eplateforme.example", "demo-eplateforme-2026")
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


def test_the_writers_give_the_same_bytes_and_the_text_reads_back():
    blocks = parse("# Titre « essai »\n\n## Article 1 – Objet\n\nUn <paragraphe> & l’œuvre…"
                   "\n\n- un point\n- un autre\n  point\n\n> Modèle indicatif.")
    for writer in (docx_bytes, odt_bytes, pdf_bytes):
        assert writer("Essai", blocks) == writer("Essai", blocks)
    texts = [text for _kind, text in blocks]
    document = docx.Document(io.BytesIO(docx_bytes("Essai", blocks)))
    assert [paragraph.text for paragraph in document.paragraphs] == texts
    assert document.core_properties.title == "Essai"
    odt = load(io.BytesIO(odt_bytes("Essai", blocks)))
    paragraphs = odt.text.getElementsByType(H) + odt.text.getElementsByType(P)
    assert sorted(teletype.extractText(p) for p in paragraphs) == sorted(texts)
