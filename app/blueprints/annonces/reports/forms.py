"""The report form: one reason, sent to the platform managers only."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from app.forms import multi_line

REASON_MAX = 2000


class ReportForm(FlaskForm):
    reason = TextAreaField(
        _l("Ce qui ne va pas dans cette annonce"), filters=[multi_line],
        validators=[
            DataRequired(_l("Expliquez en quelques mots ce qui ne va pas.")),
            Length(max=REASON_MAX, message=_l("Le motif ne peut pas dépasser "
                                              "2 000 caractères.")),
        ])
