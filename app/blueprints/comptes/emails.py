"""Emails about accounts: activation, invitation, password reset, changes."""
from __future__ import annotations

from app.auth.tokens import make_token
from app.mail.queue import external_url, queue_email
from app.models import User


def send_activation_email(user: User) -> str:
    """Queue the single-use link (7 days) with which a new référent or
    manager chooses a password (`/compte/activer/<token>`); return the link."""
    token = make_token("activation", u=user.id)
    link = external_url("comptes.activate", token=token)
    queue_email(
        user.email, "activation", "Activez votre compte sur la plateforme",
        sensitive=True, user=user, link=link,
    )
    return link


def send_invitation_email(user: User, inviter: User) -> None:
    """A colleague's invitation (7 days, single use): `/compte/invitation/<token>`."""
    token = make_token("invitation", u=user.id)
    queue_email(
        user.email, "invitation",
        f"{inviter.name} vous invite sur la plateforme d'entraide",
        sensitive=True, user=user, inviter=inviter,
        link=external_url("comptes.accept_invitation", token=token),
    )


def send_password_reset_email(user: User, fingerprint: str) -> None:
    """A link (1 hour, single use) to choose a new password; `fingerprint`
    ties it to the current password so any change voids it."""
    token = make_token("password-reset", u=user.id, h=fingerprint)
    queue_email(
        user.email, "password_reset", "Choisissez un nouveau mot de passe",
        sensitive=True, user=user, link=external_url("comptes.reset_password", token=token),
    )


def send_password_changed_notice(user: User) -> None:
    queue_email(
        user.email, "password_changed", "Votre mot de passe a été modifié",
        user=user, reset_link=external_url("comptes.forgot_password"),
    )


def send_email_changed_notice(user: User, old_email: str) -> None:
    """Tell the previous address, so a hijacked account does not go unnoticed."""
    queue_email(
        old_email, "email_changed", "Votre adresse e-mail a été modifiée",
        user=user, old_email=old_email,
    )
