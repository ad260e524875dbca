"""Forms of the collaborations (field names: docs/requirements.md, S2.9).
They check the shape of the input; the rules that need the database (who
answered, units left, the state) are the services'."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    DecimalField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    AnyOf,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from app.blueprints.collaborations.services import ProposalData
from app.forms import INVALID_DATE, as_id, listed_id, multi_line, one_line
from app.models import CollaborationKind, CostTerms, InstitutionKind

PROVIDER_CHOICES = [SelectChoice("nous", _l("Notre institution prête (personnel ou matériel)")),
                    SelectChoice("partenaire", _l("L'autre institution nous prête"))]
KIND_CHOICES = [SelectChoice(kind.value, kind.label) for kind in CollaborationKind]
COST_CHOICES = [SelectChoice(terms.value, terms.label) for terms in CostTerms]
APPROVAL_BODIES = {
    InstitutionKind.COMMUNE: [_l("Collège communal"), _l("Conseil communal")],
    InstitutionKind.CPAS: [_l("Conseil de l'action sociale"), _l("Bureau permanent")],
    InstitutionKind.ZONE_POLICE: [_l("Collège de police"), _l("Conseil de police")],
    InstitutionKind.ZONE_SECOURS: [_l("Conseil de zone"), _l("Collège de zone")],
    InstitutionKind.PROVINCE: [_l("Collège provincial"), _l("Conseil provincial")],
}
MAX_DAYS = 9999
MAX_AMOUNT = Decimal("99999999.99")


class WholeNumberField(IntegerField):
    """An integer, with a French message for anything else."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(_l("Indiquez un nombre entier, sans virgule ni lettre."))) \
                from error


class AmountField(DecimalField):
    """Euros with at most two decimals; a comma is accepted ("12,50")."""

    def process_formdata(self, valuelist):
        if valuelist:
            valuelist = [str(valuelist[0]).replace(",", ".").replace(" ", "")]
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(_l("Indiquez un montant en euros, par exemple 250."))) \
                from error
        if self.data is not None and not self.data.is_finite():
            self.data = None
            raise ValueError(str(_l("Indiquez un montant en euros, par exemple 250.")))


def _date(label) -> DateField:
    # ISO from date pickers; dd/mm/yyyy from browsers that show a text box.
    return DateField(label, format=["%Y-%m-%d", "%d/%m/%Y"], invalid_value_message=INVALID_DATE,
                     validators=[InputRequired(_l("Indiquez une date, par exemple 15/03/2026."))])


def _amount(label) -> DecimalField:
    return AmountField(label, places=2, validators=[
        Optional(), NumberRange(min=0, max=MAX_AMOUNT,
                                message=_l("Indiquez un montant en euros, par exemple 250."))],
        render_kw={"inputmode": "decimal"})


class ProposalForm(FlaskForm):
    partner = SelectField(_l("Institution partenaire"), validate_choice=False,
                          validators=[listed_id(_l("Choisissez une institution dans la liste."))])
    provider = RadioField(_l("Qui prête ?"), choices=PROVIDER_CHOICES, validate_choice=False,
                          validators=[AnyOf([c.value for c in PROVIDER_CHOICES],
                                            message=_l("Indiquez quelle institution prête."))])
    kind = RadioField(_l("Objet"), choices=KIND_CHOICES, validate_choice=False,
                      validators=[AnyOf([c.value for c in KIND_CHOICES], message=_l(
                          "Choisissez « personnel » ou « matériel »."))])
    start_date = _date(_l("Premier jour"))
    end_date = _date(_l("Dernier jour"))
    description = TextAreaField(_l("Fonction de l'agent ou matériel prêté"), filters=[multi_line],
                                validators=[DataRequired(_l(
                                    "Décrivez la fonction de l'agent ou le matériel prêté.")),
                                    Length(max=2000, message=_l(
                                        "La description ne peut pas dépasser 2 000 caractères."))])
    quantity = WholeNumberField(_l("Nombre d'agents ou d'unités"), default=1, validators=[
        InputRequired(_l("Indiquez un nombre entier, au moins 1.")),
        NumberRange(min=1, max=999, message=_l("Indiquez un nombre entier entre 1 et 999."))])
    days_planned = WholeNumberField(_l("Jours de travail prévus (personnel)"), validators=[
        Optional(), NumberRange(min=1, max=MAX_DAYS, message=_l(
            "Indiquez un nombre de jours entre 1 et 9 999."))])
    schedule = StringField(_l("Horaire (facultatif)"), filters=[one_line], validators=[
        Length(max=300, message=_l("L'horaire ne peut pas dépasser 300 caractères."))])
    place = StringField(_l("Lieu (facultatif)"), filters=[one_line], validators=[
        Length(max=300, message=_l("Le lieu ne peut pas dépasser 300 caractères."))])
    cost_terms = RadioField(_l("Conditions financières"), choices=COST_CHOICES, default="gratuit",
                            validate_choice=False,
                            validators=[AnyOf([c.value for c in COST_CHOICES], message=_l(
                                "Choisissez les conditions financières."))])
    daily_rate = _amount(_l("Tarif par jour, en euros (avec « tarif journalier »)"))
    value_per_day = _amount(_l("Coût évité par jour, en euros (facultatif, pour les "
                               "statistiques)"))
    notes = TextAreaField(_l("Remarques (facultatif)"), filters=[multi_line], validators=[
        Length(max=4000, message=_l("Les remarques ne peuvent pas dépasser 4 000 caractères."))])

    def validate_end_date(self, field) -> None:
        start = self.start_date.data
        if isinstance(field.data, date) and isinstance(start, date) and field.data < start:
            raise ValidationError(_l("Le dernier jour ne peut pas précéder le premier."))

    def validate(self, extra_validators=None) -> bool:
        """The fields that one choice makes required (Optional() would stop
        a field's own checks when it is empty)."""
        valid = super().validate(extra_validators)
        required = [
            (self.cost_terms.data == CostTerms.TARIF.value, self.daily_rate,
             _l("Indiquez le tarif par jour, en euros.")),
            (self.kind.data == CollaborationKind.PERSONNEL.value, self.days_planned,
             _l("Indiquez le nombre de jours de travail prévus.")),
        ]
        for applies, field, message in required:
            if applies and field.data is None and not field.errors:
                field.errors = [*field.errors, str(message)]
                valid = False
        return valid

    def proposal_data(self) -> ProposalData:
        return ProposalData(
            provider=self.provider.data, kind=CollaborationKind(self.kind.data),
            start_date=self.start_date.data, end_date=self.end_date.data,
            description=self.description.data, quantity=self.quantity.data,
            days_planned=self.days_planned.data, schedule=self.schedule.data or "",
            place=self.place.data or "", cost_terms=CostTerms(self.cost_terms.data),
            daily_rate=self.daily_rate.data, value_per_day=self.value_per_day.data,
            notes=self.notes.data or "",
            partner_id=as_id(self.partner.data) if self.partner else None)


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Motif (envoyé à l'autre institution)"), filters=[multi_line],
                           validators=[DataRequired(_l("Indiquez le motif.")),
                                       Length(max=2000, message=_l(
                                           "Le motif ne peut pas dépasser 2 000 caractères."))])


class SignedConventionForm(FlaskForm):
    file = FileField(_l("Convention signée (PDF, 10 Mo au plus)"))

    def validate_file(self, field) -> None:
        if not getattr(field.data, "filename", ""):
            raise ValidationError(_l("Choisissez le fichier PDF de la convention signée."))


class EndStaffForm(FlaskForm):
    days_done = WholeNumberField(_l("Jours prestés (au total, tous agents confondus)"), validators=[
        InputRequired(_l("Indiquez le nombre de jours prestés.")),
        NumberRange(min=0, max=MAX_DAYS, message=_l(
            "Indiquez un nombre de jours entre 0 et 9 999."))])


class EndEquipmentForm(FlaskForm):
    returned_ok = RadioField(_l("Le matériel est-il revenu en bon état ?"),
                             choices=[SelectChoice("oui", _l("Oui")),
                                      SelectChoice("non", _l("Non"))],
                             validate_choice=False,
                             validators=[AnyOf(["oui", "non"], message=_l(
                                 "Répondez « oui » ou « non »."))])
    remark = TextAreaField(_l("Remarque (facultatif)"), filters=[multi_line], validators=[
        Length(max=2000, message=_l("La remarque ne peut pas dépasser 2 000 caractères."))])

    def validate_remark(self, field) -> None:
        if self.returned_ok.data == "non" and not field.data:
            raise ValidationError(_l("Décrivez ce qui manque ou ce qui est abîmé."))


class ApprovalForm(FlaskForm):
    body = SelectField(_l("Autorité qui a approuvé"), validate_choice=False)
    approved_on = _date(_l("Date de la décision"))

    def fill(self, kind: InstitutionKind) -> ApprovalForm:
        names = [str(name) for name in APPROVAL_BODIES[kind]]
        self.body.choices = [SelectChoice(name, name) for name in names]
        self.body.validators = [AnyOf(names, message=_l("Choisissez une autorité dans la "
                                                        "liste."))]
        return self
