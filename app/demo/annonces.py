"""Demonstration annonces across categories and institutions (idempotent).

Every demo ad says it is a demonstration in its text. Authors are the demo
accounts of `app.demo.accounts`; ads already present (same title and institution)
are left alone.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from app.blueprints.annonces.search import refresh_search_text
from app.extensions import db
from app.localtime import brussels_today
from app.models import (
    AddressedTo,
    Annonce,
    AnnonceCategory,
    AnnonceKind,
    AnnonceReport,
    AnnonceStatus,
    Institution,
    User,
)

DEMO_NOTE = "\n\n*Annonce de démonstration : elle ne correspond à aucun besoin réel.*"


@dataclass(frozen=True)
class DemoAnnonce:
    author_email: str
    kind: AnnonceKind
    category: AnnonceCategory
    title: str
    body: str
    location_slug: str | None = None
    quantity: str = ""
    starts_in_days: int | None = None
    lasts_days: int | None = None
    status: AnnonceStatus = AnnonceStatus.OPEN
    units: int = 1  # equipment offers: units lent on the same day
    urgent: bool = False
    addressed_to: AddressedTo = AddressedTo.TOUS


def _ads(domain: str) -> list[DemoAnnonce]:
    arlon, agent = f"referent.arlon@{domain}", f"agent.arlon@{domain}"
    cpas, police = f"referent.cpas-bastogne@{domain}", f"referent.police-gaume@{domain}"
    durbuy = f"referent.durbuy@{domain}"
    return [
        DemoAnnonce(agent, AnnonceKind.DEMANDE, AnnonceCategory.SOUTIEN_HUMAIN,
                    "Agent pour le guichet population et état civil",
                    "Notre seul agent d'état civil est absent pour maladie. Nous cherchons "
                    "une personne formée pour tenir le guichet **population / état civil** "
                    "trois matinées par semaine.", "commune-arlon",
                    "1 agent, 3 matinées par semaine", 1, 21, urgent=True),
        DemoAnnonce(cpas, AnnonceKind.DEMANDE, AnnonceCategory.SOUTIEN_HUMAIN,
                    "Assistant social temporaire pour trois mois",
                    "Un départ imprévu laisse notre service social avec une personne de "
                    "moins. Nous demandons à la Province un agent temporaire, comme le "
                    "prévoit son dispositif de mise à disposition de personnel.",
                    "commune-bastogne", "1 assistant social, temps plein", 14, 90,
                    addressed_to=AddressedTo.PROVINCE),
        DemoAnnonce(police, AnnonceKind.OFFRE, AnnonceCategory.PRET_MATERIEL,
                    "Remorque plateau à prêter",
                    "Deux remorques plateau de 750 kg, avec rampes. À venir chercher à "
                    "Virton, permis B suffisant.", "commune-virton", "2 remorques", units=2),
        DemoAnnonce(durbuy, AnnonceKind.OFFRE, AnnonceCategory.PRET_MATERIEL,
                    "Minibus de 9 places disponible les week-ends",
                    "Notre minibus est libre les samedis et dimanches : transport d'aînés, "
                    "sorties scolaires, événements.", "commune-durbuy", "1 minibus, 9 places"),
        DemoAnnonce(arlon, AnnonceKind.DEMANDE, AnnonceCategory.PRET_MATERIEL,
                    "Panneaux de signalisation pour une déviation",
                    "Travaux de voirie en juin : il nous manque des panneaux C3 et F41 "
                    "et des barrières Nadar.", "commune-arlon", "10 panneaux, 30 barrières",
                    30, 14),
        DemoAnnonce(cpas, AnnonceKind.DEMANDE, AnnonceCategory.PRET_MATERIEL,
                    "Tente de réception pour la fête des aînés",
                    "Nous cherchons une tente d'environ 6 m × 12 m pour un après-midi "
                    "festif.", "commune-bastogne", "1 tente", 40, 2),
        DemoAnnonce(durbuy, AnnonceKind.DEMANDE, AnnonceCategory.EXPERTISE,
                    "Membre de jury pour le recrutement d'un employé d'administration",
                    "Nous cherchons un ou une responsable RH d'une autre institution pour "
                    "siéger dans le jury (épreuve orale d'une demi-journée).",
                    "commune-durbuy", "1 personne, une demi-journée", 20, 1),
        DemoAnnonce(arlon, AnnonceKind.OFFRE, AnnonceCategory.ACHAT_GROUPE,
                    "Achat groupé de sel de déneigement",
                    "Nous lançons un marché conjoint pour le sel de déneigement de l'hiver "
                    "prochain. Les communes intéressées indiquent leurs quantités avant "
                    "la fin du mois.", "commune-arlon", "environ 400 tonnes"),
        DemoAnnonce(cpas, AnnonceKind.OFFRE, AnnonceCategory.SOUTIEN_HUMAIN,
                    "Assistante sociale disponible pour un renfort ponctuel",
                    "Une assistante sociale expérimentée peut renforcer un CPAS voisin "
                    "deux jours par mois.", "commune-bastogne", "2 jours par mois",
                    status=AnnonceStatus.POURVUE),
    ]


def seed_demo_annonces(domain: str) -> int:
    """Create the missing demo ads; return how many were created."""
    specs = _ads(domain)
    authors = {u.email: u for u in db.session.scalars(
        select(User).where(User.email.in_({s.author_email for s in specs})))}
    places = {i.slug: i for i in db.session.scalars(
        select(Institution).where(Institution.slug.in_(
            {s.location_slug for s in specs if s.location_slug})))}
    existing = set(db.session.execute(select(Annonce.institution_id, Annonce.title)).all())
    today = brussels_today()
    created = 0
    for spec in specs:
        author = authors.get(spec.author_email)
        if author is None or (author.institution_id, spec.title) in existing:
            continue
        start = today + timedelta(days=spec.starts_in_days) \
            if spec.starts_in_days is not None else None
        annonce = Annonce(
            institution=author.institution, author=author, contact=author,
            kind=spec.kind, category=spec.category, title=spec.title,
            body=spec.body + DEMO_NOTE, quantity=spec.quantity,
            location=places.get(spec.location_slug or ""), start_date=start,
            end_date=start + timedelta(days=spec.lasts_days) if start and spec.lasts_days
            else None,
            status=spec.status, expires_on=today + timedelta(days=60),
            quantity_available=spec.units, urgent=spec.urgent,
            addressed_to=spec.addressed_to,
        )
        db.session.add(annonce)
        refresh_search_text(annonce)
        created += 1
    db.session.flush()
    return created


def seed_demo_report(domain: str) -> int:
    """One open report, so that moderation and the dashboard show one: the
    police zone finds the groupage of salt misfiled (idempotent)."""
    reporter = db.session.scalar(select(User).where(
        User.email == f"referent.police-gaume@{domain}"))
    annonce = db.session.scalar(select(Annonce).where(
        Annonce.title == "Achat groupé de sel de déneigement"))
    if reporter is None or annonce is None or db.session.scalar(
            select(AnnonceReport.id).where(AnnonceReport.annonce_id == annonce.id,
                                           AnnonceReport.user_id == reporter.id)):
        return 0
    db.session.add(AnnonceReport(
        annonce=annonce, user=reporter, institution_id=reporter.institution_id,
        reason="Démonstration : ce marché conjoint relève plutôt des centrales d'achats "
               "de la Province ; l'annonce devrait y renvoyer."))
    db.session.flush()
    return 1
