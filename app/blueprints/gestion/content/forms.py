"""Back-office forms for missions, centrals, their documents and the
decisions on adhesions. They check the shape of the input; rules that need
the database (a slug already taken) are checked by the services."""
from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    EmailField,
    HiddenField,
    SelectChoice,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, Email, Length, Optional, Regexp, ValidationError

from app.blueprints.annonces.forms import INVALID_DATE, multi_line, one_line
from app.forms import INVALID_EMAIL
from app.models import CentraleDomain

UNTIL_BEFORE_FROM = "La fin de validité ne peut pas précéder son début."
DEADLINE_AFTER_UNTIL = "La date limite d'adhésion ne peut pas dépasser la fin de validité."


def _max(length: int) -> Length:
    return Length(max=length, message=f"{length} caractères au maximum.")


def _title_field() -> StringField:
    return StringField("Titre", filters=[one_line], validators=[
        DataRequired("Indiquez un titre."), _max(200)])


def _slug_field() -> StringField:
    return StringField("Adresse de la page (facultatif)", filters=[one_line], validators=[
        Optional(), _max(200),
        Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$", message=(
            "Utilisez seulement des lettres minuscules sans accents, des chiffres et des "
            "tirets (pas d'espace), par exemple « sel-de-deneigement »."))])


def _date_field(label: str) -> DateField:
    return DateField(label, validators=[Optional()], format=["%Y-%m-%d", "%d/%m/%Y"],
                     invalid_value_message=INVALID_DATE)


class MissionForm(FlaskForm):
    title = _title_field()
    slug = _slug_field()
    summary = TextAreaField("Résumé (affiché dans la liste)", filters=[one_line],
                            validators=[_max(500)])
    body = TextAreaField("Présentation", filters=[multi_line], validators=[_max(50_000)])
    theme = StringField("Thème", filters=[one_line], validators=[
        DataRequired("Indiquez un thème, par exemple « Soutien aux pouvoirs locaux »."),
        _max(120)])
    contact_service = StringField("Service à contacter", filters=[one_line],
                                  validators=[_max(200)])
    contact_email = EmailField("Adresse e-mail de contact", filters=[one_line], validators=[
        Optional(), _max(254), Email(INVALID_EMAIL)])
    contact_phone = TelField("Téléphone de contact", filters=[one_line], validators=[
        Optional(), _max(40), Regexp(r"^\+?[0-9 ./()-]+$", message=(
            "Indiquez un numéro de téléphone avec des chiffres, par exemple 063 21 22 23."))])


class CentraleForm(FlaskForm):
    title = _title_field()
    slug = _slug_field()
    domain = SelectField(
        "Domaine", validate_choice=False,
        choices=[SelectChoice("", "Choisissez un domaine"),
                 *[SelectChoice(domain.value, domain.label) for domain in CentraleDomain]],
        validators=[AnyOf([domain.value for domain in CentraleDomain],
                          message="Choisissez un domaine dans la liste.")])
    reference = StringField("Référence du marché", filters=[one_line], validators=[_max(80)])
    description = TextAreaField("Description", filters=[multi_line],
                                validators=[_max(50_000)])
    valid_from = _date_field("Début de validité")
    valid_until = _date_field("Fin de validité")
    adhesion_deadline = _date_field("Date limite d'adhésion")

    def validate_valid_until(self, field) -> None:
        start = self.valid_from.data
        if isinstance(field.data, date) and isinstance(start, date) and field.data < start:
            raise ValidationError(UNTIL_BEFORE_FROM)

    def validate_adhesion_deadline(self, field) -> None:
        until = self.valid_until.data
        if isinstance(field.data, date) and isinstance(until, date) and field.data > until:
            raise ValidationError(DEADLINE_AFTER_UNTIL)


class DocumentForm(FlaskForm):
    title = StringField("Titre du document", filters=[one_line], validators=[
        DataRequired("Indiquez le titre du document, par exemple « Cahier spécial des "
                     "charges »."), _max(200)])
    document = FileField("Fichier")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The edit form on the same page has its own "title" field.
        self.title.id = "document-title"
        self.title.label.field_id = self.title.id

    def validate_document(self, field) -> None:
        if not getattr(field.data, "filename", None):
            raise ValidationError("Choisissez le fichier à joindre.")


class PublishForm(FlaskForm):
    published = HiddenField(validators=[AnyOf(["0", "1"], message="Action inconnue.")])
    next = HiddenField()


class MoveForm(FlaskForm):
    direction = HiddenField(validators=[AnyOf(["up", "down"], message="Action inconnue.")])


class AdhesionDecisionForm(FlaskForm):
    """Confirm or decline one adhesion. Several share a page, so `reason`
    gets an id of its own per adhesion."""

    decision = HiddenField(validators=[AnyOf(["confirm", "decline"], message=(
        "Choisissez de confirmer ou de refuser."))])
    reason = TextAreaField("Motif du refus (envoyé au demandeur)", filters=[multi_line],
                           validators=[_max(2000)])

    def __init__(self, *args, adhesion_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason.id = f"reason-{adhesion_id}"
        self.reason.label.field_id = self.reason.id

    def validate_reason(self, field) -> None:
        if self.decision.data == "decline" and not field.data:
            raise ValidationError("Indiquez le motif du refus : il sera envoyé au demandeur.")
