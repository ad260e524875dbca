"""The email each step of a collaboration sends to the other side.

The people told on a side are those who dealt with the annonce: on the ad's
side its author (or contact), on the answering side the users who wrote in
its thread; when none is active any more, every active user of the
institution. Reply-To is the person who acted, so that answering the email
reaches them.
"""
from __future__ import annotations

from flask_babel import gettext as _

from app.blueprints.annonces.notifications.recipients import partner_writers, people_in_charge
from app.mail.queue import external_url, queue_email
from app.models import Collaboration, User


def _subjects(step: str, institution: str, title: str) -> str:
    return {
        "proposed": _("%(who)s vous propose une collaboration : « %(title)s »"),
        "accepted": _("%(who)s accepte la collaboration : « %(title)s »"),
        "refused": _("%(who)s refuse la collaboration : « %(title)s »"),
        "signed": _("Convention signée déposée par %(who)s : « %(title)s »"),
        "ended": _("%(who)s a clôturé la collaboration : « %(title)s »"),
        "cancelled": _("%(who)s annule la collaboration : « %(title)s »"),
        "approved": _("%(who)s a enregistré l'accord de son autorité : « %(title)s »"),
    }[step] % {"who": institution, "title": title}


def _yes_no(value: bool) -> str:
    return _("oui") if value else _("non")


def step_text(collaboration: Collaboration, step: str, actor: User) -> str:
    """What happened, in a sentence or two (plain text: the templates escape it)."""
    who = actor.institution.name
    if step == "proposed":
        return _("%(person)s (%(who)s) vous propose une collaboration à la suite de "
                 "l'annonce « %(title)s ». Vous pouvez l'accepter ou la refuser sur la "
                 "plateforme.", person=actor.name, who=who, title=collaboration.annonce.title)
    if step == "accepted":
        return _("%(who)s accepte la collaboration. Vous pouvez télécharger la convention "
                 "pré-remplie, la faire signer puis déposer la version signée (PDF) sur la "
                 "plateforme.", who=who)
    if step in ("refused", "cancelled"):
        text = (_("%(who)s refuse la collaboration.", who=who) if step == "refused"
                else _("%(who)s annule la collaboration.", who=who))
        return f"{text} {_('Motif : %(reason)s', reason=collaboration.reason)}"
    if step == "signed":
        return _("%(who)s a déposé la convention signée. Elle est disponible sur la "
                 "plateforme.", who=who)
    if step == "approved":
        provider = collaboration.provider_id == actor.institution_id
        body = (collaboration.provider_approval_body if provider
                else collaboration.beneficiary_approval_body)
        return _("%(who)s a enregistré l'accord de son autorité (%(body)s).", who=who, body=body)
    parts = [_("%(who)s a indiqué que la collaboration est terminée.", who=who)]
    if collaboration.days_done is not None:
        parts.append(_("Jours prestés : %(days)s.", days=collaboration.days_done))
    if collaboration.returned_ok is not None:
        parts.append(_("Matériel rendu en bon état : %(answer)s.",
                       answer=_yes_no(collaboration.returned_ok)))
    if collaboration.return_remark:
        parts.append(_("Remarque : %(remark)s", remark=collaboration.return_remark))
    return " ".join(parts)


def side_people(collaboration: Collaboration, institution_id: int) -> list[User]:
    """Who is told, on the side of `institution_id`."""
    annonce = collaboration.annonce
    if institution_id == annonce.institution_id:
        return people_in_charge([annonce])[annonce.id]
    return partner_writers(annonce, institution_id)


def collaboration_link(collaboration: Collaboration) -> str:
    return external_url("collaborations.detail", collaboration_id=collaboration.id)


def send_step(collaboration: Collaboration, step: str, actor: User) -> None:
    """Tell the other side of `actor`'s institution what `actor` just did."""
    other_id = collaboration.other_side_id(actor.institution_id)
    subject = _subjects(step, actor.institution.name, collaboration.annonce.title)
    text = step_text(collaboration, step, actor)
    for user in side_people(collaboration, other_id):
        queue_email(user.email, "collaboration_step", subject, reply_to=actor.email,
                    user=user, text=text, collaboration=collaboration,
                    link=collaboration_link(collaboration))
