"""The mission editor's form."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, StringField, TelField, TextAreaField
from wtforms.validators import DataRequired, Email, Optional, Regexp

from app.blueprints.gestion.content.forms import max_length, slug_field, title_field
from app.forms import INVALID_EMAIL, multi_line, one_line


class MissionForm(FlaskForm):
    title = title_field()
    slug = slug_field()
    summary = TextAreaField("Résumé (affiché dans la liste)", filters=[one_line],
                            validators=[max_length(500)])
    body = TextAreaField("Présentation", filters=[multi_line], validators=[max_length(50_000)])
    theme = StringField("Thème", filters=[one_line], validators=[
        DataRequired("Indiquez un thème, par exemple « Soutien aux pouvoirs locaux »."),
        max_length(120)])
    contact_service = StringField("Service à contacter", filters=[one_line],
                                  validators=[max_length(200)])
    contact_email = EmailField("Adresse e-mail de contact", filters=[one_line], validators=[
        Optional(), max_length(254), Email(INVALID_EMAIL)])
    contact_phone = TelField("Téléphone de contact", filters=[one_line], validators=[
        Optional(), max_length(40), Regexp(r"^\+?[0-9 ./()-]+$", message=(
            "Indiquez un numéro de téléphone avec des chiffres, par exemple 063 21 22 23."))])
