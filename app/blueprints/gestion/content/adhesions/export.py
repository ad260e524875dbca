"""The adherents of a central as a CSV file that Belgian Excel opens as is:
UTF-8 with a BOM (accents), `;` between cells, CRLF line ends, and cells
that a spreadsheet would run as a formula neutralised."""
from __future__ import annotations

import csv
import io

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import Adhesion, Centrale
from app.web.templating import date_fr

HEADER = ("Institution", "Type", "Arrondissement", "Statut", "Demandée le", "Décidée le",
          "Demandeur", "Adresse e-mail du demandeur")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def centrale_adhesions(centrale: Centrale) -> list[Adhesion]:
    """Adhesions of a central with institution and people, oldest first."""
    return list(db.session.scalars(
        select(Adhesion).where(Adhesion.centrale_id == centrale.id)
        .options(joinedload(Adhesion.institution), joinedload(Adhesion.requested_by),
                 joinedload(Adhesion.decided_by))
        .order_by(Adhesion.created_at, Adhesion.id)
    ))


def safe_cell(value: str) -> str:
    """A cell a spreadsheet will show as text, never run (CSV injection)."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def adherents_csv(centrale: Centrale) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    for adhesion in centrale_adhesions(centrale):
        institution, requester = adhesion.institution, adhesion.requested_by
        writer.writerow([safe_cell(cell) for cell in (
            institution.name, institution.kind.label, institution.arrondissement or "",
            adhesion.status.label, date_fr(adhesion.created_at), date_fr(adhesion.decided_at),
            requester.name if requester else "", requester.email if requester else "",
        )])
    return buffer.getvalue().encode("utf-8-sig")
