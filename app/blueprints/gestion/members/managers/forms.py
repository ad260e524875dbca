"""The buttons of the manager role."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import AnyOf


class ManagerForm(FlaskForm):
    """Grant ("1") or withdraw ("0") the manager role."""

    grant = HiddenField(validators=[AnyOf(["0", "1"], message="Action inconnue.")])
