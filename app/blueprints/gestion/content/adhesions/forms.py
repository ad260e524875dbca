"""The decision on a request to join a central."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
from wtforms.validators import AnyOf, ValidationError

from app.blueprints.gestion.content.forms import max_length
from app.forms import multi_line


class AdhesionDecisionForm(FlaskForm):
    """Confirm or decline one adhesion. Several share a page, so `reason`
    gets an id of its own per adhesion."""

    decision = HiddenField(validators=[AnyOf(["confirm", "decline"], message=(
        "Choisissez de confirmer ou de refuser."))])
    reason = TextAreaField("Motif du refus (envoyé au demandeur)", filters=[multi_line],
                           validators=[max_length(2000)])

    def __init__(self, *args, adhesion_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason.id = f"reason-{adhesion_id}"
        self.reason.label.field_id = self.reason.id

    def validate_reason(self, field) -> None:
        if self.decision.data == "decline" and not field.data:
            raise ValidationError("Indiquez le motif du refus : il sera envoyé au demandeur.")
