"""Forms and validators shared across sections, with their French messages."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms.validators import ValidationError

from app.auth.passwords import password_problem

REQUIRED_EMAIL = "Indiquez votre adresse e-mail."
REQUIRED_PASSWORD = "Indiquez votre mot de passe."  # noqa: S105 - a message
INVALID_EMAIL = "Indiquez une adresse e-mail valide, par exemple prenom.nom@commune.be."


def acceptable_password(form, field) -> None:
    """WTForms validator applying the password rules of SPEC 2.1.6."""
    problem = password_problem(field.data or "")
    if problem:
        raise ValidationError(problem)


def normalise_email(value: str | None) -> str:
    return (value or "").strip().lower()


class EmptyForm(FlaskForm):
    """A CSRF-protected form for button-only POSTs."""
