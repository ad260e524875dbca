"""Emails about accounts: activation, invitation, password reset, changes."""
from __future__ import annotations

from app.email import external_url, queue_email
from app.models import User
from app.tokens import make_token


def send_activation_email(user: User) -> None:
    """The single-use link (7 days) with which a new référent or manager
    chooses a password: `/compte/activer/<token>`."""
    token = make_token("activation", u=user.id)
    queue_email(
        user.email, "activation", "Activez votre compte sur la plateforme",
        sensitive=True, user=user, link=external_url("comptes.activate", token=token),
    )
