"""Forms of the mise en relation (answers, thread replies) and of the saved
email alerts. The ad's own forms live in `forms.py`."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.fields.core import Label
from wtforms.validators import DataRequired, Length

MESSAGE_MAX = 5000


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class MessageForm(FlaskForm):
    """One message of a thread: the field is `message` (SPEC 6)."""

    message = TextAreaField("Votre message", filters=[_strip], validators=[
        DataRequired("Écrivez votre message avant de l'envoyer."),
        Length(max=MESSAGE_MAX, message="Votre message est trop long : 5 000 caractères "
                                        "au maximum."),
    ], render_kw={"rows": 6, "maxlength": MESSAGE_MAX})

    def named(self, element_id: str, label: str) -> MessageForm:
        """Give the field its own id and label, so that several message forms
        (one per thread) can share a page."""
        self.message.id = element_id
        self.message.label = Label(element_id, label)
        return self


class AlertForm(FlaskForm):
    """Saving the list's current filters as an email alert."""

    query_string = HiddenField()
    label = StringField("Nom de l'alerte (facultatif)", filters=[_strip], validators=[
        Length(max=160, message="Le nom de l'alerte est trop long : 160 caractères au "
                                "maximum."),
    ])
