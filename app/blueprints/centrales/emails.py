"""Emails about adhesions: the request to the platform manager, the
decision to the member who asked."""
from __future__ import annotations

from flask import current_app

from app.mail.queue import external_url, queue_email
from app.models import Adhesion, AdhesionStatus


def send_adhesion_requested(adhesion: Adhesion) -> None:
    """Tell the manager, with a link to the central's adherents."""
    requester = adhesion.requested_by
    queue_email(
        current_app.config["PLATFORM_MANAGER_EMAIL"], "adhesion_requested",
        f"Demande d'adhésion à la centrale « {adhesion.centrale.title} » – "
        f"{adhesion.institution.name}",
        reply_to=requester.email if requester else None, adhesion=adhesion,
        requester=requester,
        link=external_url("gestion.centrale_adherents", centrale_id=adhesion.centrale_id),
    )


def send_adhesion_decided(adhesion: Adhesion) -> None:
    """Tell the member who asked whether the adhesion is confirmed or declined."""
    requester = adhesion.requested_by
    if requester is None:
        return
    confirmed = adhesion.status is AdhesionStatus.CONFIRMED
    verdict = "confirmée" if confirmed else "refusée"
    queue_email(
        requester.email, "adhesion_decided",
        f"Adhésion {verdict} : centrale « {adhesion.centrale.title} »",
        adhesion=adhesion, user=requester, confirmed=confirmed,
        link=external_url("centrales.detail", slug=adhesion.centrale.slug),
    )
