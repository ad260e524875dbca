"""Shared French validation messages and validators for forms."""
from __future__ import annotations

from wtforms.validators import ValidationError

from app.passwords import password_problem

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
