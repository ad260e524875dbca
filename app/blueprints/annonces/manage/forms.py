"""Annonce forms (field names: docs/requirements.md, S6). They check the shape of the input;
the rules that need the database (contact, location, limits) are checked by
`services`, which report problems per field."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, Length, Optional, ValidationError

from app.blueprints.annonces.manage.services import END_BEFORE_START, MAX_UNITS, AnnonceData
from app.forms import INVALID_DATE, as_id, listed_id, multi_line, one_line, stripped
from app.models import AddressedTo, AnnonceCategory, AnnonceKind

KIND_CHOICES = [
    SelectChoice(AnnonceKind.DEMANDE.value, "Demande : nous cherchons de l'aide"),
    SelectChoice(AnnonceKind.OFFRE.value, "Offre : nous proposons notre aide"),
]
CATEGORY_CHOICES = [SelectChoice("", "Choisissez une catégorie"),
                    *[SelectChoice(category.value, category.label)
                      for category in AnnonceCategory]]
UNITS_RANGE = _l("Indiquez un nombre entier d'unités entre 1 et %(max)d.", max=MAX_UNITS)
ADDRESSED_TO_CHOICES = [
    SelectChoice(AddressedTo.TOUS.value, _l("Tous les membres")),
    SelectChoice(AddressedTo.PROVINCE.value,
                 _l("La Province (dispositif de personnel mis à disposition par la Province)")),
]
OUTCOME_CHOICES = [
    SelectChoice("pourvue", "Pourvue : le besoin a trouvé une réponse"),
    SelectChoice("annulee", "Annulée : l'annonce n'a plus d'objet"),
]


def units_number(text) -> int | None:
    """The whole number of units typed, or None unless it is one from 1 to
    MAX_UNITS (ASCII digits only: "²" and "٣" are digits for `str.isdigit`)."""
    text = str(text if text is not None else "").strip()
    if not (text.isascii() and text.isdigit() and len(text) <= len(str(MAX_UNITS))):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_UNITS else None


def _date_field(label: str) -> DateField:
    # ISO from date pickers; dd/mm/yyyy from browsers that show a text box.
    return DateField(label, validators=[Optional()], format=["%Y-%m-%d", "%d/%m/%Y"],
                     invalid_value_message=INVALID_DATE)


class AnnonceForm(FlaskForm):
    """Editing an ad. The select choices are filled in by the route."""

    kind = RadioField("Type d'annonce", choices=KIND_CHOICES, validate_choice=False,
                      validators=[AnyOf([choice.value for choice in KIND_CHOICES],
                                        message="Choisissez « demande » ou « offre ».")])
    category = SelectField("Catégorie", choices=CATEGORY_CHOICES, validate_choice=False,
                           validators=[AnyOf([category.value for category in AnnonceCategory],
                                             message="Choisissez une catégorie dans la liste.")])
    title = StringField("Titre", filters=[one_line], validators=[
        DataRequired("Indiquez un titre, par exemple « Agent d'état civil pour 3 jours »."),
        Length(max=160, message="Le titre ne peut pas dépasser 160 caractères."),
    ])
    body = TextAreaField("Description", filters=[multi_line], validators=[
        Length(max=10000, message="La description ne peut pas dépasser 10 000 caractères."),
    ])
    start_date = _date_field("Début de la période (facultatif)")
    end_date = _date_field("Fin de la période (facultatif)")
    quantity = StringField("Quantité ou volume (facultatif)", filters=[one_line], validators=[
        Length(max=160, message="La quantité ne peut pas dépasser 160 caractères."),
    ])
    # Text, not IntegerField: only offers of equipment use it, and other ads
    # must not be refused for what is typed there.
    quantity_available = StringField(
        _l("Nombre d'unités disponibles (offres de matériel)"), default="1",
        filters=[stripped], render_kw={"inputmode": "numeric"})
    location = SelectField("Lieu", validate_choice=False,
                           validators=[listed_id("Choisissez une commune dans la liste.")])
    contact = SelectField("Personne de contact", validate_choice=False,
                          validators=[listed_id("Choisissez une personne dans la liste.")])
    expires_on = _date_field("Date de fin de publication")
    attachments = MultipleFileField("Pièces jointes (facultatif)")
    # Demandes only: an offer stores neither (`annonce_data`).
    urgent = BooleanField(_l("Demande urgente : besoin dans les jours qui viennent"))
    addressed_to = RadioField(
        _l("Demande adressée à"), choices=ADDRESSED_TO_CHOICES, default=AddressedTo.TOUS.value,
        validate_choice=False,
        validators=[AnyOf([choice.value for choice in ADDRESSED_TO_CHOICES],
                          message=_l("Choisissez « Tous les membres » ou « La Province »."))])

    def validate_end_date(self, field) -> None:
        start = self.start_date.data
        if field.data and isinstance(start, date) and field.data < start:
            raise ValidationError(END_BEFORE_START)

    def validate_quantity_available(self, field) -> None:
        if self._lends_units() and units_number(field.data) is None:
            raise ValidationError(str(UNITS_RANGE))

    def _lends_units(self) -> bool:
        """An offer of equipment (as `is_equipment_offer` says of an ad)."""
        return (self.kind.data == AnnonceKind.OFFRE
                and self.category.data == AnnonceCategory.PRET_MATERIEL)

    def annonce_data(self) -> AnnonceData:
        demande = self.kind.data == AnnonceKind.DEMANDE
        return AnnonceData(
            kind=AnnonceKind(self.kind.data), category=AnnonceCategory(self.category.data),
            title=self.title.data, body=self.body.data or "",
            start_date=self.start_date.data, end_date=self.end_date.data,
            quantity=self.quantity.data or "", location_id=as_id(self.location.data),
            contact_id=as_id(self.contact.data), expires_on=self.expires_on.data,
            quantity_available=(units_number(self.quantity_available.data) or 1
                                if self._lends_units() else 1),
            urgent=demande and bool(self.urgent.data),
            addressed_to=(AddressedTo(self.addressed_to.data) if demande
                          else AddressedTo.TOUS),
        )

    @property
    def files(self) -> list:
        return list(self.attachments.data or [])


class NewAnnonceForm(AnnonceForm):
    broadcast = BooleanField("Adresser à tous les adhérents")

    def annonce_data(self) -> AnnonceData:
        return replace(super().annonce_data(), broadcast=bool(self.broadcast.data))


class CloseForm(FlaskForm):
    outcome = RadioField("Issue de l'annonce", choices=OUTCOME_CHOICES, validate_choice=False,
                         validators=[AnyOf([choice.value for choice in OUTCOME_CHOICES],
                                           message="Choisissez « pourvue » ou « annulée ».")])
    helped_by = SelectField("Institution qui a aidé (facultatif)", validate_choice=False,
                            validators=[listed_id("Choisissez une institution dans la liste.")])


class HideForm(FlaskForm):
    reason = TextAreaField("Motif du masquage (envoyé à l'auteur)", filters=[multi_line],
                           validators=[
                               DataRequired("Indiquez le motif : il sera envoyé à l'auteur "
                                            "de l'annonce."),
                               Length(max=2000, message="Le motif ne peut pas dépasser "
                                                        "2 000 caractères."),
                           ])
