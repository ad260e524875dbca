"""The adherents of a central, and the same list as a CSV file."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.blueprints.gestion.spreadsheet import csv_bytes
from app.extensions import db
from app.models import Adhesion, Centrale
from app.web.templating import date_fr

HEADER = ("Institution", "Type", "Arrondissement", "Statut", "Demandée le", "Décidée le",
          "Demandeur", "Adresse e-mail du demandeur")


def centrale_adhesions(centrale: Centrale) -> list[Adhesion]:
    """Adhesions of a central with institution and people, oldest first."""
    return list(db.session.scalars(
        select(Adhesion).where(Adhesion.centrale_id == centrale.id)
        .options(joinedload(Adhesion.institution), joinedload(Adhesion.requested_by),
                 joinedload(Adhesion.decided_by))
        .order_by(Adhesion.created_at, Adhesion.id)
    ))


def adherents_csv(centrale: Centrale) -> bytes:
    rows = []
    for adhesion in centrale_adhesions(centrale):
        institution, requester = adhesion.institution, adhesion.requested_by
        rows.append((
            institution.name, institution.kind.label, institution.arrondissement or "",
            adhesion.status.label, date_fr(adhesion.created_at), date_fr(adhesion.decided_at),
            requester.name if requester else "", requester.email if requester else "",
        ))
    return csv_bytes(HEADER, rows)
