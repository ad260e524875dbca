"""Demonstration document templates in every category (idempotent).

Two of them are genuine conventions written for the platform (staff made
available, equipment lent); the others are shorter templates for low-value
public contracts and a model decision. Files are generated (DOCX, ODT,
PDF) and go through the same services and upload checks as a manager's
uploads. Templates already present (same title) are left alone, so a
manager's edits survive a new `flask seed demo`.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from app.blueprints.modeles.services import (
    TemplateData,
    add_version,
    create_template,
    set_published,
)
from app.demo.accounts import MANAGER_EMAIL
from app.demo.pdf import pdf_bytes
from app.demo.templates_adhesion import ADHESION
from app.demo.templates_contracts import COMPARAISON, SERVICES, TRAVAUX, fournitures
from app.documents.conventions import equipment_convention, staff_convention
from app.documents.office import docx_bytes, odt_bytes, parse
from app.extensions import db
from app.models import DocumentTemplate, TemplateCategory, User, utcnow

WRITERS = {"docx": docx_bytes, "odt": odt_bytes, "pdf": pdf_bytes}
EDITABLE = ("docx", "odt")
ALL_FORMATS = ("docx", "odt", "pdf")


@dataclass(frozen=True)
class DemoVersion:
    note: str
    markup: str
    formats: tuple[str, ...]
    age_days: int  # how long ago it was put online


@dataclass(frozen=True)
class DemoTemplate:
    title: str
    category: TemplateCategory
    description: str
    file_name: str  # without extension
    versions: tuple[DemoVersion, ...]
    published: bool = True


DEMO_TEMPLATES = [
    DemoTemplate(
        "Convention de mise à disposition de personnel entre pouvoirs locaux",
        TemplateCategory.CONVENTION_SOUTIEN,
        "Convention type pour mettre un agent d'une commune, d'un CPAS ou d'une zone à la "
        "disposition d'un autre pouvoir local pendant une période déterminée : missions, "
        "horaires, lien d'autorité, rémunération et remboursement des frais, assurances, "
        "confidentialité et RGPD, fin anticipée.\n\n"
        "**Avant de l'utiliser :**\n\n"
        "- faites décider la mise à disposition par l'organe compétent de chaque institution "
        "(collège communal, conseil de l'action sociale, collège de zone) ;\n"
        "- recueillez l'accord écrit de l'agent (modèle inclus en fin de convention) ;\n"
        "- vérifiez les formalités propres à sa situation (contractuel ou statutaire).\n\n"
        "À utiliser avec une annonce « Soutien humain ».",
        "Convention de mise à disposition de personnel",
        (DemoVersion("Première version", staff_convention(), EDITABLE, 45),)),
    DemoTemplate(
        "Convention de prêt de matériel entre pouvoirs locaux",
        TemplateCategory.CONVENTION_PRET,
        "Convention type pour prêter du matériel à un autre pouvoir local (remorque, "
        "barrières, podium, tente, véhicule…) : description du matériel, durée, état des "
        "lieux, transport, usage conforme, assurances, responsabilité en cas de dommage, "
        "restitution, prêt gratuit ou contre indemnité. Une fiche d'état des lieux est "
        "jointe en annexe.\n\n"
        "Pour un véhicule ou un engin, faites vérifier les clauses d'assurance par votre "
        "assureur.",
        "Convention de prêt de matériel",
        (DemoVersion("Première version", equipment_convention(), EDITABLE, 40),)),
    DemoTemplate(
        "Demande de prix – fournitures (marché de faible montant, moins de 30 000 € HTVA)",
        TemplateCategory.MARCHE_FOURNITURES,
        "Demande de prix à envoyer à plusieurs fournisseurs pour un achat de faible montant "
        "(moins de 30 000 € HTVA) : objet, spécifications techniques, contenu de l'offre, "
        "remise par e-mail, critères d'attribution, livraison, facturation et bordereau de "
        "prix.\n\n"
        "Bonne pratique : consultez au moins trois fournisseurs et gardez une trace écrite "
        "de la comparaison des offres.",
        "Demande de prix fournitures",
        (DemoVersion("Première version", fournitures(electronic_invoice=False), EDITABLE, 90),
         DemoVersion("Facturation électronique (Peppol) et version PDF ajoutées",
                     fournitures(), ALL_FORMATS, 12))),
    DemoTemplate(
        "Demande de prix – services (marché de faible montant, moins de 30 000 € HTVA)",
        TemplateCategory.MARCHE_SERVICES,
        "Demande de prix pour des services de faible montant (entretien, nettoyage, "
        "maintenance, formation…) : description des prestations, contenu de l'offre, "
        "critères d'attribution, exécution, assurances et facturation. Si le prestataire "
        "traite des données personnelles pour vous, prévoyez un contrat de sous-traitance "
        "(article 28 du RGPD).",
        "Demande de prix services",
        (DemoVersion("Première version", SERVICES, ALL_FORMATS, 30),)),
    DemoTemplate(
        "Demande de prix – petits travaux (marché de faible montant, moins de 30 000 € HTVA)",
        TemplateCategory.MARCHE_TRAVAUX,
        "Demande de prix pour des travaux de faible montant : description et métré, visite "
        "des lieux, contenu de l'offre, vérification des dettes sociales et fiscales de "
        "l'entrepreneur, sécurité du chantier, réception et garantie.",
        "Demande de prix petits travaux",
        (DemoVersion("Première version", TRAVAUX, ALL_FORMATS, 20),)),
    DemoTemplate(
        "Délibération type – adhésion à l'e-plateforme supra-communale",
        TemplateCategory.AUTRE,
        "Modèle de délibération pour décider l'adhésion de votre institution à la "
        "plateforme et désigner son référent, lorsque vos règles internes demandent une "
        "décision formelle.",
        "Délibération adhésion e-plateforme",
        (DemoVersion("Première version", ADHESION, EDITABLE, 60),)),
    DemoTemplate(
        "Procès-verbal de comparaison des offres – marché de faible montant",
        TemplateCategory.MARCHE_FOURNITURES,
        "Brouillon en relecture : tableau de comparaison des offres reçues et proposition "
        "d'attribution, à joindre au dossier du marché.",
        "PV comparaison des offres",
        (DemoVersion("Brouillon", COMPARAISON, EDITABLE, 2),), published=False),
]


def _files(demo: DemoTemplate, version: DemoVersion) -> dict[str, FileStorage]:
    blocks = parse(version.markup)
    return {fmt: FileStorage(io.BytesIO(WRITERS[fmt](demo.title, blocks)),
                             filename=f"{demo.file_name}.{fmt}") for fmt in version.formats}


def seed_demo_modeles() -> int:
    """Create the missing demo templates as the demo manager; returns how many."""
    existing = set(db.session.scalars(select(DocumentTemplate.title)))
    manager = db.session.scalar(select(User).where(User.email == MANAGER_EMAIL))
    now = utcnow()
    created = 0
    for demo in DEMO_TEMPLATES:
        if demo.title in existing:
            continue
        data = TemplateData(demo.title, demo.category, demo.description, indicative=True)
        first, *later = demo.versions
        template = create_template(manager, data, first.note, _files(demo, first))
        versions = [template.current_version]
        versions += [add_version(template, manager, v.note, _files(demo, v)) for v in later]
        for version, demo_version in zip(versions, demo.versions, strict=True):
            version.created_at = now - timedelta(days=demo_version.age_days)
        template.updated_at = versions[-1].created_at
        if demo.published:
            set_published(template, manager, True)
        created += 1
    db.session.flush()
    return created
