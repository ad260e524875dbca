"""The member's request to join a central."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import Length

from app.forms import multi_line


class AdhereForm(FlaskForm):
    message = TextAreaField(
        "Message pour le gestionnaire (facultatif)", filters=[multi_line],
        validators=[Length(max=2000, message="Le message ne peut pas dépasser "
                                             "2 000 caractères.")])
