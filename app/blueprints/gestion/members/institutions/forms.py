"""Back-office forms for institutions and their users: the list filters,
adding an institution, and the confirmations of the actions."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SearchField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    AnyOf,
    DataRequired,
    Length,
    Optional,
    Regexp,
    ValidationError,
)

from app.blueprints.gestion.filters import SEARCH_TOO_LONG, SearchForm, clean_search
from app.forms import stripped
from app.models import InstitutionKind

# Kinds a manager may add: there is only one Province.
ADDABLE_KINDS = (InstitutionKind.COMMUNE, InstitutionKind.CPAS, InstitutionKind.ZONE_POLICE,
                 InstitutionKind.ZONE_SECOURS)
STATUS_LABELS = {
    "adherente": "Adhérente",
    "non-adherente": "Non adhérente",
    "suspendue": "Suspendue",
    "retiree": "Retirée",
}
CHOOSE_IN_LIST = "Choisissez une valeur dans la liste."


class InstitutionFilterForm(SearchForm):
    kind = SelectField(
        "Type", validate_choice=False,
        choices=[SelectChoice("", "Tous les types")]
        + [SelectChoice(kind.value, kind.label) for kind in InstitutionKind],
        validators=[Optional(), AnyOf([kind.value for kind in InstitutionKind],
                                      message=CHOOSE_IN_LIST)])
    status = SelectField(
        "Statut", name="statut", validate_choice=False,
        choices=[SelectChoice("", "Tous les statuts")]
        + [SelectChoice(key, label) for key, label in STATUS_LABELS.items()],
        validators=[Optional(), AnyOf(list(STATUS_LABELS), message=CHOOSE_IN_LIST)])
    q = SearchField("Nom", filters=[clean_search], validators=[
        Optional(), Length(max=100, message=SEARCH_TOO_LONG)])


class InstitutionForm(FlaskForm):
    """A new institution, for instance the commune born of a merger."""

    name = StringField("Nom complet", filters=[stripped], validators=[
        DataRequired("Indiquez le nom complet, par exemple « Commune de Bastogne »."),
        Length(max=160, message="Le nom ne peut pas dépasser 160 caractères.")])
    short_name = StringField("Nom court (facultatif)", filters=[stripped], validators=[
        Optional(), Length(max=120, message="Le nom court ne peut pas dépasser 120 caractères.")])
    kind = SelectField("Type", choices=[SelectChoice("", "— Choisissez le type —")]
                       + [SelectChoice(kind.value, kind.label) for kind in ADDABLE_KINDS],
                       validators=[DataRequired("Choisissez le type d'institution.")],
                       validate_choice=False)
    arrondissement = SelectField("Arrondissement (facultatif)", validate_choice=False)
    postal_code = StringField("Code postal (facultatif)", filters=[stripped], validators=[
        Optional(), Regexp(r"^[1-9][0-9]{3}$",
                           message="Le code postal belge compte 4 chiffres, par exemple 6600.")])
    police_zone = SelectField("Zone de police (pour une commune)", validate_choice=False)
    commune = SelectField("Commune (pour un CPAS)", validate_choice=False)

    def validate_kind(self, field) -> None:
        if field.data not in {kind.value for kind in ADDABLE_KINDS}:
            raise ValidationError("Choisissez le type d'institution.")


class ActionForm(FlaskForm):
    """Suspend or reactivate (an institution or a user)."""

    action = HiddenField(validators=[AnyOf(["suspend", "reactivate"],
                                           message="Action inconnue.")])


class ConfirmForm(FlaskForm):
    """An irreversible action: the `confirm` box must be ticked. Several can
    share a page, so each gets ids of its own."""

    confirm = BooleanField(validators=[DataRequired("Cochez la case pour confirmer.")])

    def __init__(self, *args, label: str, prefix_id: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.confirm.label.text = label
        self.confirm.id = f"confirm-{prefix_id}"
        self.confirm.label.field_id = self.confirm.id


class ReferentForm(FlaskForm):
    user_id = SelectField("Nouveau référent", validate_choice=False,
                          validators=[DataRequired("Choisissez une personne dans la liste.")])

    def validate_user_id(self, field) -> None:
        if field.data not in {str(choice[0]) for choice in field.choices}:
            raise ValidationError("Choisissez une personne active de l'institution dans la liste.")
