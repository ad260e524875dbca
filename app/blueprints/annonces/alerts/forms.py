"""The form saving the list's current filters as an email alert."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import Length

from app.forms import stripped


class AlertForm(FlaskForm):
    """Saving the list's current filters as an email alert."""

    query_string = HiddenField()
    label = StringField("Nom de l'alerte (facultatif)", filters=[stripped], validators=[
        Length(max=160, message="Le nom de l'alerte est trop long : 160 caractères au "
                                "maximum."),
    ])
