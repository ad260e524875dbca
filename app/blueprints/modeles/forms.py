"""The manager's forms for document templates. They check the shape of the
input; the files themselves are checked by `app.uploads` in `services`."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    HiddenField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, Length

from app.blueprints.modeles.queries import FORMATS, category_groups
from app.blueprints.modeles.services import TemplateData
from app.forms import multi_line, one_line
from app.models import TemplateCategory

CATEGORY_CHOICES = [SelectChoice(c.value, c.label, optgroup=group)
                    for group, categories in category_groups().items() for c in categories]
NOTE_TOO_LONG = "La note de version ne peut pas dépasser 300 caractères."


class TemplateForm(FlaskForm):
    """The description of a template (its files are sent with a version)."""

    title = StringField("Titre", filters=[one_line], validators=[
        DataRequired("Indiquez un titre, par exemple « Demande de prix – fournitures »."),
        Length(max=200, message="Le titre ne peut pas dépasser 200 caractères."),
    ])
    category = SelectField("Catégorie", choices=CATEGORY_CHOICES, validate_choice=False,
                           validators=[AnyOf([c.value for c in TemplateCategory],
                                             message="Choisissez une catégorie dans la liste.")])
    description = TextAreaField("Description", filters=[multi_line], validators=[
        Length(max=20000, message="La description ne peut pas dépasser 20 000 caractères."),
    ])
    indicative = BooleanField("Modèle indicatif (à adapter, ce n'est pas un avis juridique)",
                              default=True)

    def template_data(self) -> TemplateData:
        return TemplateData(title=self.title.data, category=TemplateCategory(self.category.data),
                            description=self.description.data or "",
                            indicative=bool(self.indicative.data))


class VersionFilesMixin:
    """One file input per format: each accepts only its own format."""

    docx = FileField("Fichier DOCX (Word)")
    odt = FileField("Fichier ODT (LibreOffice Writer)")
    pdf = FileField("Fichier PDF")
    xlsx = FileField("Fichier XLSX (Excel)")
    ods = FileField("Fichier ODS (LibreOffice Calc)")

    @property
    def files(self) -> dict:
        return {name: self[name].data for name in FORMATS}

    @property
    def format_fields(self) -> list:
        return [self[name] for name in FORMATS]


class NewTemplateForm(VersionFilesMixin, TemplateForm):
    note = StringField("Note de version (facultatif)", filters=[one_line],
                       validators=[Length(max=300, message=NOTE_TOO_LONG)])


class VersionForm(VersionFilesMixin, FlaskForm):
    note = StringField("Ce qui change dans cette version", filters=[one_line], validators=[
        DataRequired("Décrivez en une phrase ce qui change, par exemple « Mise à jour des "
                     "seuils 2026 »."),
        Length(max=300, message=NOTE_TOO_LONG),
    ])


class PublishForm(FlaskForm):
    """Publish ("1") or withdraw ("0") a template."""

    published = HiddenField(validators=[AnyOf(["0", "1"], message="Action inconnue.")])


class MoveForm(FlaskForm):
    direction = HiddenField(validators=[AnyOf(["up", "down"], message="Action inconnue.")])
