"""Account forms (field names: docs/requirements.md, S6)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectChoice,
    StringField,
    TelField,
)
from wtforms.validators import AnyOf, DataRequired, Email, EqualTo, Length, Optional, Regexp

from app.forms import INVALID_EMAIL, REQUIRED_EMAIL, REQUIRED_PASSWORD, acceptable_password
from app.models import NotificationPreference

REQUIRED_NEW_PASSWORD = "Choisissez un mot de passe."  # noqa: S105 - a message
PASSWORDS_DIFFER = "Les deux mots de passe ne sont pas identiques."


def _email_field(label: str, **kwargs) -> EmailField:
    return EmailField(label, validators=[
        DataRequired(REQUIRED_EMAIL), Length(max=254, message="Adresse e-mail trop longue."),
        Email(INVALID_EMAIL),
    ], **kwargs)


def _current_password_field(**kwargs) -> PasswordField:
    return PasswordField("Mot de passe actuel", validators=[
        DataRequired(REQUIRED_PASSWORD), Length(max=128, message="Mot de passe trop long."),
    ], **kwargs)


class LoginForm(FlaskForm):
    email = _email_field("Adresse e-mail")
    password = PasswordField("Mot de passe", validators=[
        DataRequired(REQUIRED_PASSWORD), Length(max=128, message="Mot de passe trop long."),
    ])
    next = HiddenField()


class PasswordChoiceForm(FlaskForm):
    """Choosing a password: activation, invitation, reset."""

    password = PasswordField("Nouveau mot de passe", validators=[
        DataRequired(REQUIRED_NEW_PASSWORD), acceptable_password,
    ])
    password_confirm = PasswordField("Confirmez le mot de passe", validators=[
        DataRequired("Tapez une seconde fois le mot de passe choisi."),
        EqualTo("password", PASSWORDS_DIFFER),
    ])


class ChangePasswordForm(PasswordChoiceForm):
    current_password = _current_password_field()


class ForgotPasswordForm(FlaskForm):
    email = _email_field("Adresse e-mail")


class ProfileForm(FlaskForm):
    name = StringField("Nom et prénom", validators=[
        DataRequired("Indiquez votre nom et votre prénom."),
        Length(max=120, message="120 caractères au maximum."),
    ])
    function = StringField("Fonction", validators=[
        Optional(), Length(max=120, message="120 caractères au maximum."),
    ])
    phone = TelField("Téléphone", validators=[
        Optional(), Length(max=40, message="40 caractères au maximum."),
        Regexp(r"^\+?[0-9 ./()-]+$", message=(
            "Indiquez un numéro de téléphone avec des chiffres, par exemple 063 21 22 23.")),
    ])
    consent_share_contact = BooleanField(
        "Partager mes coordonnées (nom, fonction, adresse e-mail, téléphone) "
        "avec les autres adhérents")


class ChangeEmailForm(FlaskForm):
    # Distinct ids: this form shares the page with the password form.
    email = _email_field("Nouvelle adresse e-mail", id="new_email")
    password = _current_password_field(id="email_current_password")


NOTIFICATION_CHOICES = [
    SelectChoice(NotificationPreference.IMMEDIATE.value,
                 "Immédiatement : un e-mail à chaque nouvelle annonce"),
    SelectChoice(NotificationPreference.DAILY.value,
                 "Résumé quotidien : un seul e-mail par jour"),
    SelectChoice(NotificationPreference.NEVER.value,
                 "Jamais : je consulte les annonces sur la plateforme"),
]


class NotificationsForm(FlaskForm):
    # validate_choice=False: AnyOf gives the French message instead.
    notification_preference = RadioField(
        "Nouvelles annonces", choices=NOTIFICATION_CHOICES, validate_choice=False,
        validators=[AnyOf([choice.value for choice in NOTIFICATION_CHOICES],
                          message="Choisissez une des trois possibilités.")],
    )
    urgent_alerts = BooleanField(
        _l("Recevoir les demandes urgentes par e-mail, dès leur publication"))


class InviteForm(FlaskForm):
    name = StringField("Nom et prénom", validators=[
        DataRequired("Indiquez le nom et le prénom de votre collègue."),
        Length(max=120, message="120 caractères au maximum."),
    ])
    email = _email_field("Adresse e-mail")
    function = StringField("Fonction (facultatif)", validators=[
        Optional(), Length(max=120, message="120 caractères au maximum."),
    ])
