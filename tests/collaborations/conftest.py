"""Fixtures of the collaborations: two member institutions in touch through
an annonce, and a factory of collaborations in any state."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from app.localtime import brussels_today
from app.models import (
    AnnonceCategory,
    AnnonceKind,
    AnnonceMessage,
    Collaboration,
    CollaborationKind,
    CollaborationStatus,
    CostTerms,
    InstitutionKind,
    utcnow,
)


@pytest.fixture()
def pair(make_institution, make_user):
    """A commune (author of ads) and a CPAS, each with one agent."""
    commune = make_institution(name="Commune de Bouillon", arrondissement="Neufchâteau")
    cpas = make_institution(InstitutionKind.CPAS, name="CPAS de Paliseul",
                            arrondissement="Neufchâteau")
    return (make_user(institution=commune, name="Claire Commune",
                      email="claire@bouillon.test"),
            make_user(institution=cpas, name="Paul Cpas", email="paul@paliseul.test"))


@pytest.fixture()
def in_touch(db, make_annonce):
    """An annonce of `author`'s institution that `partner`'s institution has
    answered (the thread puts them in touch)."""
    def factory(author, partner, **fields):
        annonce = make_annonce(author=author, **fields)
        db.session.add(AnnonceMessage(annonce=annonce, partner_id=partner.institution_id,
                                      sender_institution_id=partner.institution_id,
                                      sender=partner, body="Nous pouvons aider."))
        db.session.commit()
        return annonce

    return factory


@pytest.fixture()
def make_collaboration(db, in_touch):
    """A collaboration between two users' institutions, in any state; by
    default `author` proposed it, `partner` provides staff, starting in 7 days."""
    def factory(author, partner, status=CollaborationStatus.PROPOSEE, annonce=None,
                kind=CollaborationKind.PERSONNEL, start_in: int = 7, days: int = 3,
                provider=None, **fields) -> Collaboration:
        if annonce is None:
            category = (AnnonceCategory.SOUTIEN_HUMAIN if kind == CollaborationKind.PERSONNEL
                        else AnnonceCategory.PRET_MATERIEL)
            annonce = in_touch(author, partner, kind=AnnonceKind.DEMANDE, category=category)
        provider = provider or partner.institution
        beneficiary = (author.institution if provider.id == partner.institution_id
                       else partner.institution)
        start = brussels_today() + timedelta(days=start_in)
        collaboration = Collaboration(
            annonce=annonce, provider=provider, beneficiary=beneficiary,
            proposer=author.institution, proposed_by=author, kind=kind, status=status,
            start_date=fields.pop("start_date", start),
            end_date=fields.pop("end_date", start + timedelta(days=days - 1)),
            description=fields.pop("description", "Agent d'état civil"),
            quantity=fields.pop("quantity", 1),
            days_planned=fields.pop("days_planned",
                                    days if kind == CollaborationKind.PERSONNEL else None),
            cost_terms=fields.pop("cost_terms", CostTerms.GRATUIT),
            value_per_day=fields.pop("value_per_day", Decimal("250.00")),
            **fields,
        )
        if status != CollaborationStatus.PROPOSEE:
            collaboration.decided_at = utcnow()
        if status == CollaborationStatus.TERMINEE:
            collaboration.ended_at = utcnow()
        db.session.add(collaboration)
        db.session.commit()
        return collaboration

    return factory
