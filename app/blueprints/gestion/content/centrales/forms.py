"""The purchasing central editor's form."""
from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, ValidationError

from app.blueprints.gestion.content.forms import (
    date_field,
    max_length,
    slug_field,
    title_field,
)
from app.forms import multi_line, one_line
from app.models import CentraleDomain

UNTIL_BEFORE_FROM = "La fin de validité ne peut pas précéder son début."
DEADLINE_AFTER_UNTIL = "La date limite d'adhésion ne peut pas dépasser la fin de validité."


class CentraleForm(FlaskForm):
    title = title_field()
    slug = slug_field()
    domain = SelectField(
        "Domaine", validate_choice=False,
        choices=[SelectChoice("", "Choisissez un domaine"),
                 *[SelectChoice(domain.value, domain.label) for domain in CentraleDomain]],
        validators=[AnyOf([domain.value for domain in CentraleDomain],
                          message="Choisissez un domaine dans la liste.")])
    reference = StringField("Référence du marché", filters=[one_line],
                            validators=[max_length(80)])
    description = TextAreaField("Description", filters=[multi_line],
                                validators=[max_length(50_000)])
    valid_from = date_field("Début de validité")
    valid_until = date_field("Fin de validité")
    adhesion_deadline = date_field("Date limite d'adhésion")

    def validate_valid_until(self, field) -> None:
        start = self.valid_from.data
        if isinstance(field.data, date) and isinstance(start, date) and field.data < start:
            raise ValidationError(UNTIL_BEFORE_FROM)

    def validate_adhesion_deadline(self, field) -> None:
        until = self.valid_until.data
        if isinstance(field.data, date) and isinstance(until, date) and field.data > until:
            raise ValidationError(DEADLINE_AFTER_UNTIL)
