"""Forms and validators shared across sections, with their French messages."""
from __future__ import annotations

import re

from flask_wtf import FlaskForm
from wtforms.validators import ValidationError

from app.auth.passwords import password_problem
from app.web.converters import MAX_ID

REQUIRED_EMAIL = "Indiquez votre adresse e-mail."
REQUIRED_PASSWORD = "Indiquez votre mot de passe."  # noqa: S105 - a message
INVALID_EMAIL = "Indiquez une adresse e-mail valide, par exemple prenom.nom@commune.be."
INVALID_DATE = "Indiquez une date valide, par exemple 15/03/2026."
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_KEEP_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def acceptable_password(form, field) -> None:
    """WTForms validator applying the password rules (docs/requirements.md, S2.1.6)."""
    problem = password_problem(field.data or "")
    if problem:
        raise ValidationError(problem)


def normalise_email(value: str | None) -> str:
    return (value or "").strip().lower()


class EmptyForm(FlaskForm):
    """A CSRF-protected form for button-only POSTs."""


def stripped(value):
    """Text trimmed of surrounding white space."""
    return value.strip() if isinstance(value, str) else value


def one_line(value):
    """Single-line text: control characters (line breaks too) turned into
    spaces, trimmed."""
    return _CONTROL.sub(" ", value).strip() if isinstance(value, str) else value


def multi_line(value):
    """Text with line breaks kept (as \\n); other control characters removed."""
    if not isinstance(value, str):
        return value
    return _CONTROL_KEEP_LINES.sub("", value.replace("\r\n", "\n").replace("\r", "\n")).strip()


def as_id(value) -> int | None:
    """The id chosen in a select, or None when empty or not a plausible id."""
    text = str(value or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 10 or int(text) > MAX_ID:
        return None
    return int(text)


def listed_id(message: str):
    """A validator: the select holds an empty value or a well-formed id."""

    def check(form, field) -> None:
        if field.data and as_id(field.data) is None:
            raise ValidationError(message)

    return check
