"""Helpers of the collaboration tests: posting the proposal and the steps."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.localtime import brussels_today
from app.models import AuditEntry, Collaboration, OutboxMessage
from tests.helpers import csrf_token

TOKEN_PAGE = "/collaborations"


def proposal(**overrides) -> dict:
    start = brussels_today() + timedelta(days=7)
    data = {"provider": "partenaire", "kind": "personnel", "start_date": start.isoformat(),
            "end_date": (start + timedelta(days=2)).isoformat(),
            "description": "Agent d'état civil", "quantity": "1", "days_planned": "3",
            "schedule": "8 h 30 – 16 h", "place": "Maison communale", "cost_terms": "gratuit",
            "daily_rate": "", "value_per_day": "250", "notes": ""}
    data.update(overrides)
    return data


def post(client, path: str, data: dict | None = None, **kwargs):
    """POST with the CSRF token of the client's session."""
    return client.post(path, data={"csrf_token": csrf_token(client, TOKEN_PAGE),
                                   **(data or {})}, **kwargs)


def collaborations(db) -> list[Collaboration]:
    db.session.expire_all()
    return list(db.session.scalars(select(Collaboration).order_by(Collaboration.id)))


def emails(db, template: str = "collaboration_step") -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.template == template).order_by(OutboxMessage.id)))


def audit(db) -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.action.like("collaboration.%")).order_by(AuditEntry.id)))
