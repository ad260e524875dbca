"""The pre-filled convention of a collaboration (SPEC 2.9): the platform's
own text for its kind, with both institutions, their roles, the dates,
the description, the quantity and the cost terms, read back from the DOCX
and ODT files; the signatories stay blank; the blank demo templates keep
their exact text and bytes."""
from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import date
from decimal import Decimal

import docx
import pytest
from odf import teletype
from odf.opendocument import load
from odf.text import H, P

from app.blueprints.collaborations.convention import (
    convention_docx,
    convention_filename,
    convention_odt,
)
from app.demo.templates import DEMO_TEMPLATES, WRITERS
from app.documents.office import parse
from app.models import CollaborationKind, CostTerms

STAFF_TITLE = "Convention de mise à disposition de personnel entre pouvoirs locaux"
EQUIPMENT_TITLE = "Convention de prêt de matériel entre pouvoirs locaux"


def _docx_paragraphs(data: bytes) -> list[str]:
    return [paragraph.text for paragraph in docx.Document(io.BytesIO(data)).paragraphs]


def _odt_paragraphs(data: bytes) -> list[str]:
    """Headings and paragraphs (list items included) in document order."""
    document = load(io.BytesIO(data))
    return [teletype.extractText(element) for element in document.text.getElementsByType(P)
            + document.text.getElementsByType(H)]


READERS = {"docx": (convention_docx, _docx_paragraphs), "odt": (convention_odt, _odt_paragraphs)}


def _read(collaboration, file_format: str) -> list[str]:
    write, read = READERS[file_format]
    return read(write(collaboration))


def _one(paragraphs: list[str], *parts: str) -> str:
    """The one paragraph that holds every part."""
    found = [p for p in paragraphs if all(part in p for part in parts)]
    assert len(found) == 1, (parts, found)
    return found[0]


@pytest.fixture()
def staff(pair, make_collaboration):
    """The CPAS lends two agents to the commune, at a daily rate."""
    claire, paul = pair
    collaboration = make_collaboration(
        claire, paul, start_date=date(2027, 3, 1), end_date=date(2027, 3, 5),
        description="Agent d'état civil", quantity=2, days_planned=8,
        schedule="du lundi au vendredi, de 8 h à 16 h", place="Maison communale, Bouillon",
        cost_terms=CostTerms.TARIF, daily_rate=Decimal("250.00"),
        provider_approved_on=date(2027, 2, 10),
        provider_approval_body="Conseil de l'action sociale")
    assert collaboration.provider.name == "CPAS de Paliseul"
    return collaboration


@pytest.fixture()
def equipment(pair, make_collaboration):
    """The commune lends twenty barriers to the CPAS, free of charge."""
    claire, paul = pair
    return make_collaboration(
        claire, paul, kind=CollaborationKind.MATERIEL, provider=claire.institution,
        start_date=date(2027, 4, 2), end_date=date(2027, 4, 4),
        description="Barrières Nadar\n\n- galvanisées", quantity=20, place="Place du Marché",
        schedule="enlèvement le vendredi à 9 h", cost_terms=CostTerms.GRATUIT)


@pytest.mark.parametrize("file_format", ["docx", "odt"])
def test_the_staff_convention_is_filled_with_the_collaboration(staff, file_format):
    paragraphs = _read(staff, file_format)
    assert paragraphs[0] == STAFF_TITLE
    assert not any("prêt de matériel" in p for p in paragraphs)
    _one(paragraphs, f"Collaboration n° {staff.id} (annonce « Agent d'état civil pour trois "
         "jours »), e-plateforme supra-communale")
    provider = _one(paragraphs, "D'une part, le CPAS de Paliseul, dont le siège",
                    "ci-après « l'institution d'origine »")
    assert "délibération du 10/02/2027 (Conseil de l'action sociale)" in provider
    beneficiary = _one(paragraphs, "D'autre part, la Commune de Bouillon, dont le siège",
                       "ci-après « l'institution d'accueil »")
    assert "[adresse]" in beneficiary and "délibération du [date]" in beneficiary
    _one(paragraphs, "qui l'accepte, 2 agents, chacun ci-après « l'agent » : [M. / Mme] "
         "[nom et prénom]")
    _one(paragraphs, "prend cours le 01/03/2027 et prend fin le 05/03/2027")
    _one(paragraphs, "Le volume des prestations est de 8 jours au total")
    assert "Agent d'état civil ;" in paragraphs
    _one(paragraphs, "services à Maison communale, Bouillon, selon l'horaire suivant : du "
         "lundi au vendredi, de 8 h à 16 h.")
    _one(paragraphs, "un tarif journalier de 250,00\u00a0€ par jour de prestation")
    assert not any("Option A" in p or "Option B" in p for p in paragraphs)
    assert not any("titre gratuit" in p for p in paragraphs)
    # The platform does not know the signatories: their blanks stay visible.
    _one(paragraphs, "Pour le CPAS de Paliseul, l'institution d'origine : [nom], Directeur "
         "général / Directrice générale, et [nom], [Bourgmestre / Président(e)].")
    _one(paragraphs, "Pour la Commune de Bouillon, l'institution d'accueil : [nom]")
    _one(paragraphs, "Je soussigné(e) [nom et prénom], [grade ou fonction] au CPAS de "
         "Paliseul", "ma mise à disposition de la Commune de Bouillon aux conditions")


@pytest.mark.parametrize("file_format", ["docx", "odt"])
def test_the_equipment_convention_is_filled_with_the_collaboration(equipment, file_format):
    paragraphs = _read(equipment, file_format)
    assert paragraphs[0] == EQUIPMENT_TITLE
    assert not any("mise à disposition de personnel" in p for p in paragraphs)
    _one(paragraphs, "D'une part, la Commune de Bouillon", "ci-après « le prêteur »")
    _one(paragraphs, "D'autre part, le CPAS de Paliseul", "ci-après « l'emprunteur »")
    # A user's blank line or leading dash does not break the text into blocks.
    assert "désignation : Barrières Nadar - galvanisées ;" in paragraphs
    assert "quantité : 20 ;" in paragraphs
    _one(paragraphs, "Le prêt est consenti du 02/04/2027 [heure] au 04/04/2027 [heure].")
    _one(paragraphs, "aux jours et heures convenus (enlèvement le vendredi à 9 h) avec [nom")
    _one(paragraphs, "exclusivement pour [usage prévu] et à Place du Marché.")
    _one(paragraphs, "Le prêt est consenti à titre gratuit, dans un esprit d'entraide")
    assert not any("verse au prêteur" in p or "Option B" in p for p in paragraphs)
    _one(paragraphs, "Pour la Commune de Bouillon, le prêteur : [nom], Directeur général")
    _one(paragraphs, "Pour le CPAS de Paliseul, l'emprunteur : [nom], Directeur général")
    _one(paragraphs, "Matériel : Barrières Nadar - galvanisées (quantité : 20), [numéro de "
         "série ou d'inventaire].")
    _one(paragraphs, "Remise le 02/04/2027 [heure] à [lieu]",
         "pour le prêteur : [nom et signature]")


@pytest.mark.parametrize(("kind", "cost_terms", "expected", "absent"), [
    (CollaborationKind.PERSONNEL, CostTerms.GRATUIT,
     "La mise à disposition est consentie à titre gratuit.", "coût salarial"),
    (CollaborationKind.PERSONNEL, CostTerms.FRAIS,
     "L'institution d'accueil rembourse à l'institution d'origine le coût salarial",
     "titre gratuit"),
    (CollaborationKind.MATERIEL, CostTerms.FRAIS,
     "L'emprunteur rembourse au prêteur les frais réels exposés pour le prêt",
     "verse au prêteur"),
    (CollaborationKind.MATERIEL, CostTerms.TARIF,
     "L'emprunteur verse au prêteur une indemnité de 75,50\u00a0€ par jour,", "titre gratuit"),
])
def test_the_cost_terms_choose_the_clause(pair, make_collaboration, kind, cost_terms,
                                          expected, absent):
    collaboration = make_collaboration(*pair, kind=kind, cost_terms=cost_terms,
                                       daily_rate=Decimal("75.50"))
    paragraphs = _read(collaboration, "odt")
    _one(paragraphs, expected)
    assert not any(absent in p for p in paragraphs)
    assert not any("[Option A" in p or "[Option B" in p for p in paragraphs)


def test_the_file_name_is_plain_ascii(staff):
    assert convention_filename(staff, "docx") == f"convention-collaboration-{staff.id}.docx"
    assert convention_filename(staff, "odt").isascii()
    with pytest.raises(ValueError):
        convention_filename(staff, "pdf")


def _entries_digest(data: bytes) -> str:
    """The zip's entries (names and contents), whatever its compression."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for entry in archive.infolist():
            digest.update(entry.filename.encode())
            digest.update(archive.read(entry))
    return digest.hexdigest()


# Taken from the demo templates before their texts became fillable.
BLANK_MODELS = {
    STAFF_TITLE: ("923014911ca1cd8adfaee4150edbee02dcf92fe8cc671f3a464cbab320bd9183",
                  {"docx": "f8101360349e6bf4176046d8b54bb5cd61df44e4dda90054a82f229c7a2a1068",
                   "odt": "37808803d19c32e8479cc0ef2c143ed8b136b328a6421c99f37937b92dba8455"}),
    EQUIPMENT_TITLE: ("479d43b1f2953926fae803023fa471aa8a3d18dc442b54385c0ed20d3a841462",
                      {"docx": "2fec55dfcf82bc32dd3fd84584fabb83cbc185aa39becd0490014aa3d762a6b8",
                       "odt": "11af325a2b70f37ba48fe30b76d150aca9c7685ce12d70dcecb850d135c64ecb"}),
}


@pytest.mark.parametrize("title", list(BLANK_MODELS))
def test_the_demo_templates_keep_their_blank_text_and_files(title):
    demo = next(template for template in DEMO_TEMPLATES if template.title == title)
    blocks = parse(demo.versions[0].markup)
    text_digest, file_digests = BLANK_MODELS[title]
    assert hashlib.sha256(repr(blocks).encode()).hexdigest() == text_digest
    assert not any("Collaboration n°" in text for _kind, text in blocks)
    for file_format, expected in file_digests.items():
        assert _entries_digest(WRITERS[file_format](title, blocks)) == expected


@pytest.mark.parametrize("file_format", ["docx", "odt"])
def test_both_sides_download_the_convention(auth, pair, staff, file_format):
    for user in pair:
        response = auth.client_for(user).get(
            f"/collaborations/{staff.id}/convention.{file_format}")
        assert response.status_code == 200
        assert response.headers["Content-Disposition"] == (
            f"attachment; filename=convention-collaboration-{staff.id}.{file_format}")
        text = "\n".join(_docx_paragraphs(response.data) if file_format == "docx"
                         else _odt_paragraphs(response.data))
        assert staff.provider.name in text and staff.beneficiary.name in text
