"""Registration and decision forms (field names: docs/requirements.md, S6)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp, ValidationError

from app.blueprints.inscription import services
from app.forms import INVALID_EMAIL, REQUIRED_EMAIL, stripped


class RegistrationForm(FlaskForm):
    institution = SelectField("Votre institution", validate_choice=False)
    name = StringField("Nom et prénom", filters=[stripped], validators=[
        DataRequired("Indiquez votre nom et votre prénom."),
        Length(max=120, message="Le nom ne peut pas dépasser 120 caractères."),
    ])
    function = StringField("Fonction", filters=[stripped], validators=[
        DataRequired("Indiquez votre fonction, par exemple « Directrice générale »."),
        Length(max=120, message="La fonction ne peut pas dépasser 120 caractères."),
    ])
    email = EmailField("Adresse e-mail professionnelle", filters=[stripped], validators=[
        DataRequired(REQUIRED_EMAIL),
        Length(max=254, message="L'adresse e-mail ne peut pas dépasser 254 caractères."),
        Email(INVALID_EMAIL),
    ])
    phone = TelField("Téléphone (facultatif)", filters=[stripped], validators=[
        Optional(),
        Length(max=40, message="Le numéro de téléphone ne peut pas dépasser 40 caractères."),
        Regexp(r"^\+?[0-9 ./()-]+$", message=(
            "Le numéro de téléphone ne peut contenir que des chiffres, des espaces "
            "et les signes + . / ( ) -, par exemple 063 21 22 23.")),
    ])
    message = TextAreaField("Message au gestionnaire (facultatif)", filters=[stripped], validators=[
        Optional(),
        Length(max=2000, message="Le message ne peut pas dépasser 2 000 caractères."),
    ])
    consent = BooleanField(
        "J'accepte de partager mes coordonnées avec les autres adhérents",
        validators=[DataRequired("Cochez cette case pour pouvoir envoyer la demande.")],
    )
    # Honeypot: hidden from people, filled in by bots.
    website = StringField("Site web (laissez ce champ vide)")

    # The fields that inline validation may check, one at a time.
    CHECKABLE = ("institution", "name", "function", "email", "phone", "message", "consent")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.institution.choices = services.institution_choices()

    def validate_institution(self, field) -> None:
        problem = services.institution_problem(field.data)
        if problem:
            raise ValidationError(problem)

    @property
    def is_bot(self) -> bool:
        return bool(self.website.data)


REFUSAL_REASON_REQUIRED = "Indiquez le motif du refus : il sera envoyé au demandeur."


class DecisionForm(FlaskForm):
    """Approve or refuse one request. Several can share a page, so the
    `reason` field gets an id of its own per request."""

    decision = HiddenField(validators=[DataRequired("Choisissez d'approuver ou de refuser.")])
    reason = TextAreaField("Motif du refus (envoyé au demandeur)", filters=[stripped],
                           validators=[Length(max=2000, message=(
                               "Le motif ne peut pas dépasser 2 000 caractères."))])

    def __init__(self, *args, request_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason.id = f"reason-{request_id}"
        self.reason.label.field_id = self.reason.id

    def validate_decision(self, field) -> None:
        if field.data not in ("approve", "refuse"):
            raise ValidationError("Choisissez d'approuver ou de refuser.")

    def validate_reason(self, field) -> None:
        if self.decision.data == "refuse" and not field.data:
            raise ValidationError(REFUSAL_REASON_REQUIRED)
