"""The form of a message in a thread (an answer or a reply)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.fields.core import Label
from wtforms.validators import DataRequired, Length

from app.forms import stripped

MESSAGE_MAX = 5000


class MessageForm(FlaskForm):
    """One message of a thread: the field is `message` (docs/requirements.md, S6)."""

    message = TextAreaField("Votre message", filters=[stripped], validators=[
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
