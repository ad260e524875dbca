"""Form pieces shared by the content editors: the common fields of missions
and centrals, their documents, and the publish and move buttons (templates
use them too). They check the shape of the input; rules that need the
database (a slug already taken) are checked by the services."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, HiddenField, StringField
from wtforms.validators import AnyOf, DataRequired, Length, Optional, Regexp, ValidationError

from app.forms import INVALID_DATE, one_line


def max_length(length: int) -> Length:
    return Length(max=length, message=f"{length} caractères au maximum.")


def title_field() -> StringField:
    return StringField("Titre", filters=[one_line], validators=[
        DataRequired("Indiquez un titre."), max_length(200)])


def slug_field() -> StringField:
    return StringField("Adresse de la page (facultatif)", filters=[one_line], validators=[
        Optional(), max_length(200),
        Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$", message=(
            "Utilisez seulement des lettres minuscules sans accents, des chiffres et des "
            "tirets (pas d'espace), par exemple « sel-de-deneigement »."))])


def date_field(label: str) -> DateField:
    return DateField(label, validators=[Optional()], format=["%Y-%m-%d", "%d/%m/%Y"],
                     invalid_value_message=INVALID_DATE)


class DocumentForm(FlaskForm):
    title = StringField("Titre du document", filters=[one_line], validators=[
        DataRequired("Indiquez le titre du document, par exemple « Cahier spécial des "
                     "charges »."), max_length(200)])
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
    """Publish ("1") or withdraw ("0"), then go back to `next` (a local path)."""

    published = HiddenField(validators=[AnyOf(["0", "1"], message="Action inconnue.")])
    next = HiddenField()


class MoveForm(FlaskForm):
    direction = HiddenField(validators=[AnyOf(["up", "down"], message="Action inconnue.")])
