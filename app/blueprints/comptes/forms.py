"""Account forms (field names of SPEC 6)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField
from wtforms.validators import DataRequired, Email, Length

from app.validators import REQUIRED_EMAIL, REQUIRED_PASSWORD


class LoginForm(FlaskForm):
    email = EmailField("Adresse e-mail", validators=[
        DataRequired(REQUIRED_EMAIL), Length(max=254, message="Adresse e-mail trop longue."),
        Email("Indiquez une adresse e-mail valide, par exemple prenom.nom@commune.be."),
    ])
    password = PasswordField("Mot de passe", validators=[
        DataRequired(REQUIRED_PASSWORD), Length(max=128, message="Mot de passe trop long."),
    ])
    next = HiddenField()
