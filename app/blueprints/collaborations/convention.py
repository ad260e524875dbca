"""The convention of a collaboration, pre-filled: the platform's own text
for its kind (staff made available or equipment lent) with the facts the
platform knows, as DOCX and ODT files to complete, sign and upload
(SPEC 2.9). What it does not know, the signatories first, stays a visible
blank.

The text is a French legal document, like the demo templates it comes
from: it is not translated with the interface."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from babel.numbers import format_decimal

from app.documents.conventions import (
    ConventionFacts,
    Party,
    equipment_convention,
    staff_convention,
)
from app.documents.office import docx_bytes, odt_bytes, parse
from app.models import Collaboration, CollaborationKind, CostTerms, Institution, InstitutionKind
from app.web.templating import date_fr

_TEXTS = {CollaborationKind.PERSONNEL: staff_convention,
          CollaborationKind.MATERIEL: equipment_convention}
_WRITERS = {"docx": docx_bytes, "odt": odt_bytes}


def _euros(amount: Decimal) -> str:
    """250,00 € (a convention states amounts to the cent)."""
    return f"{format_decimal(amount, format='#,##0.00', locale='fr_BE')}\u00a0€"


def _party(institution: Institution, approved_on: date | None, body: str) -> Party:
    """An institution under its full name; its deciding body's decision
    once a side has recorded it."""
    resolution = None
    if approved_on is not None:
        resolution = f"{date_fr(approved_on)} ({body})" if body else date_fr(approved_on)
    return Party(institution.name, masculine=institution.kind == InstitutionKind.CPAS,
                 resolution=resolution)


def convention_facts(collaboration: Collaboration) -> ConventionFacts:
    """What the platform knows of the collaboration, as the text prints it."""
    rate = collaboration.daily_rate
    return ConventionFacts(
        reference=(f"Collaboration n° {collaboration.id} (annonce "
                   f"« {collaboration.annonce.title} »), e-plateforme supra-communale de la "
                   "Province de Luxembourg."),
        provider=_party(collaboration.provider, collaboration.provider_approved_on,
                        collaboration.provider_approval_body),
        beneficiary=_party(collaboration.beneficiary, collaboration.beneficiary_approved_on,
                           collaboration.beneficiary_approval_body),
        start=date_fr(collaboration.start_date),
        end=date_fr(collaboration.end_date),
        description=collaboration.description or None,
        quantity=collaboration.quantity,
        days_planned=(collaboration.days_planned
                      if collaboration.kind == CollaborationKind.PERSONNEL else None),
        schedule=collaboration.schedule or None,
        place=collaboration.place or None,
        cost_terms=collaboration.cost_terms,
        daily_rate=(_euros(rate) if collaboration.cost_terms == CostTerms.TARIF
                    and rate is not None else None),
    )


def convention_file(collaboration: Collaboration, extension: str) -> bytes:
    """The pre-filled convention as a "docx" or "odt" file."""
    blocks = parse(_TEXTS[collaboration.kind](convention_facts(collaboration)))
    title = blocks[0][1]
    return _WRITERS[extension](title, blocks)


def convention_docx(collaboration: Collaboration) -> bytes:
    return convention_file(collaboration, "docx")


def convention_odt(collaboration: Collaboration) -> bytes:
    return convention_file(collaboration, "odt")


def convention_filename(collaboration: Collaboration, extension: str) -> str:
    """"convention-collaboration-12.docx": ASCII, safe in any download header."""
    if extension not in _WRITERS:
        raise ValueError(f"no convention as {extension!r}")
    return f"convention-collaboration-{collaboration.id}.{extension}"
