"""How stored emails are shown in the back office: secret links masked,
plain-text links made clickable, everything else escaped."""
from __future__ import annotations

import re
from dataclasses import dataclass

from flask import current_app
from markupsafe import Markup, escape

from app.models import OutboxMessage

# An http(s) link, without the punctuation that usually ends a sentence.
URL_RE = re.compile(r"https?://[^\s<>\"']*[^\s<>\"'.,;:!?)\]]")
MASKED_LINK = "[lien personnel masqué]"


@dataclass(frozen=True)
class MessageView:
    """A message as a manager may see it."""

    message: OutboxMessage
    masked: bool
    subject: str
    body_text: str
    body_html: str
    last_error: str

    @property
    def body_text_linked(self) -> Markup:
        return linkify(self.body_text)


def secret_links_hidden(message: OutboxMessage) -> bool:
    """With a real mail server, only the recipient may see a personal link:
    a manager reading it could take the account over. Without one
    (development), the outbox is the only way to follow the link."""
    return message.sensitive and bool(current_app.config.get("MAIL_SERVER"))


def mask_secret_links(text: str) -> str:
    """Replace every link but the home page's: links of sensitive messages
    carry a personal token, wherever it sits in the URL."""
    home = current_app.config["PUBLIC_URL"].rstrip("/")

    def replace(match: re.Match) -> str:
        url = match.group(0)
        return url if url.rstrip("/") == home else MASKED_LINK

    return URL_RE.sub(replace, text)


def message_view(message: OutboxMessage) -> MessageView:
    masked = secret_links_hidden(message)
    shown = mask_secret_links if masked else str
    return MessageView(
        message=message, masked=masked, subject=shown(message.subject),
        body_text=shown(message.body_text), body_html=shown(message.body_html),
        last_error=shown(message.last_error),
    )


def linkify(text: str) -> Markup:
    """Escape `text` and turn its http(s) links into anchors."""
    parts: list[Markup] = []
    position = 0
    for match in URL_RE.finditer(text):
        parts.append(escape(text[position:match.start()]))
        parts.append(Markup('<a href="{0}" rel="noopener noreferrer">{0}</a>')
                     .format(match.group(0)))
        position = match.end()
    parts.append(escape(text[position:]))
    return Markup("").join(parts)
