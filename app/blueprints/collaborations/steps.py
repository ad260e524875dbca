"""The steps of a collaboration after its proposal.

    proposee -> acceptee | refusee      by the side that did not propose
    acceptee -> signee                  a signed convention (PDF) from either side
    acceptee | signee -> terminee       staff: the beneficiary gives the days done;
                                        equipment: the provider confirms the return
    proposee | acceptee | signee -> annulee   by either side, with a reason

Each step changes the state only if it is still the one the step starts
from (a conditional UPDATE): a double submit or two people acting at once
change it once, the other gets a French message. Each step emails the other
side and is audited. Services only flush.
"""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import update
from werkzeug.datastructures import FileStorage

from app.audit import record
from app.blueprints.collaborations.availability import (
    first_overbooked_day,
    is_equipment_offer,
    lock_offer,
)
from app.blueprints.collaborations.emails import send_step
from app.blueprints.collaborations.services import overbooked_message
from app.domain import DomainError, FieldErrors
from app.extensions import db
from app.localtime import brussels_today
from app.models import (
    LIVE_STATUSES,
    Collaboration,
    CollaborationKind,
    CollaborationStatus,
    SignedConvention,
    User,
    utcnow,
)
from app.uploads import MB, UploadError, delete_upload, store_upload

SIGNED_MAX_BYTES = 10 * MB
Status = CollaborationStatus


def _not_any_more(collaboration: Collaboration) -> DomainError:
    return DomainError(_("Cette action n'est plus possible : la collaboration est "
                         "maintenant « %(status)s ».", status=collaboration.status.label))


def _side(collaboration: Collaboration, user: User) -> str:
    side = collaboration.side_of(user.institution_id)
    if side is None:  # a manager looking at it: managers do not act for a side
        raise DomainError(_("Seules les deux institutions concernées peuvent agir sur "
                            "cette collaboration."))
    return side


def _move(collaboration: Collaboration, from_statuses, **values) -> None:
    """Change the state if it is still one of `from_statuses`; otherwise
    refuse with the state it has now."""
    changed = db.session.execute(
        update(Collaboration)
        .where(Collaboration.id == collaboration.id,
               Collaboration.status.in_(from_statuses))
        .values(updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)).rowcount
    db.session.refresh(collaboration)
    if not changed:
        raise _not_any_more(collaboration)


def _responder(collaboration: Collaboration, user: User) -> None:
    _side(collaboration, user)
    if user.institution_id != collaboration.responder_id:
        raise DomainError(_("C'est à %(name)s d'accepter ou de refuser cette proposition.",
                            name=collaboration.beneficiary.name
                            if collaboration.responder_id == collaboration.beneficiary_id
                            else collaboration.provider.name))


def closing_side(collaboration: Collaboration) -> str:
    """Who marks it ended: the beneficiary counts staff days, the provider
    confirms that its equipment came back."""
    return "beneficiary" if collaboration.kind == CollaborationKind.PERSONNEL else "provider"


def _closer(collaboration: Collaboration, user: User) -> None:
    if _side(collaboration, user) != closing_side(collaboration):
        closer = (collaboration.beneficiary if closing_side(collaboration) == "beneficiary"
                  else collaboration.provider)
        raise DomainError(_("C'est à %(name)s d'indiquer la fin de cette collaboration.",
                            name=closer.name))
    if collaboration.start_date > brussels_today():
        raise DomainError(_("La collaboration n'a pas encore commencé : annulez-la si elle "
                            "n'a plus lieu."))


# step -> (who may take it, the states it starts from)
_RULES = {
    "accept": (_responder, (Status.PROPOSEE,)),
    "refuse": (_responder, (Status.PROPOSEE,)),
    "cancel": (_side, LIVE_STATUSES),
    "sign": (_side, (Status.ACCEPTEE, Status.SIGNEE)),
    "end": (_closer, (Status.ACCEPTEE, Status.SIGNEE)),
    "approval": (_side, (*LIVE_STATUSES, Status.TERMINEE)),
}


def check_step(step: str, collaboration: Collaboration, user: User) -> None:
    """Refuse, with the reason in French, a step that `user`'s side may not
    take or that the collaboration's state does not allow any more. Checked
    before the step's form, so that a form from an old page gets the reason
    rather than its own field errors."""
    who, from_statuses = _RULES[step]
    who(collaboration, user)
    if collaboration.status not in from_statuses:
        raise _not_any_more(collaboration)


def _check_room(collaboration: Collaboration) -> None:
    """Accepting equipment lent from an offer: units left on every day. The
    offer is locked first, so two acceptances at once are counted one after
    the other."""
    offer = collaboration.annonce
    if not (collaboration.kind == CollaborationKind.MATERIEL and is_equipment_offer(offer)
            and collaboration.provider_id == offer.institution_id):
        return
    lock_offer(offer)
    day = first_overbooked_day(offer, collaboration.start_date, collaboration.end_date,
                               collaboration.quantity, exclude_id=collaboration.id)
    if day is not None:
        raise DomainError(overbooked_message(day))


def accept(collaboration: Collaboration, user: User) -> None:
    check_step("accept", collaboration, user)
    _check_room(collaboration)
    _move(collaboration, [Status.PROPOSEE], status=Status.ACCEPTEE, decided_at=utcnow())
    send_step(collaboration, "accepted", user)
    record("collaboration.accepted", collaboration, _summary(collaboration, user, "accepte"),
           actor=user)


def refuse(collaboration: Collaboration, user: User, reason: str) -> None:
    check_step("refuse", collaboration, user)
    _move(collaboration, [Status.PROPOSEE], status=Status.REFUSEE, decided_at=utcnow(),
          reason=reason, stopped_by_id=user.institution_id)
    send_step(collaboration, "refused", user)
    record("collaboration.refused", collaboration, _summary(collaboration, user, "refuse"),
           actor=user)


def cancel(collaboration: Collaboration, user: User, reason: str) -> None:
    check_step("cancel", collaboration, user)
    _move(collaboration, LIVE_STATUSES, status=Status.ANNULEE, reason=reason,
          stopped_by_id=user.institution_id)
    send_step(collaboration, "cancelled", user)
    record("collaboration.cancelled", collaboration, _summary(collaboration, user, "annule"),
           actor=user)


def upload_signed(collaboration: Collaboration, user: User, file: FileStorage) -> None:
    """The signed convention, from either side once accepted (a new upload
    replaces the one shown; earlier ones are kept)."""
    check_step("sign", collaboration, user)
    try:
        stored = store_upload(file, frozenset({"pdf"}), SIGNED_MAX_BYTES)
    except UploadError as error:
        raise FieldErrors({"file": str(error)}) from error
    try:
        _move(collaboration, [Status.ACCEPTEE, Status.SIGNEE], status=Status.SIGNEE,
              signed_at=utcnow())
    except DomainError:
        delete_upload(stored.stored_name)
        raise
    db.session.add(SignedConvention(
        collaboration_id=collaboration.id, institution_id=user.institution_id,
        uploaded_by_id=user.id, original_name=stored.original_name,
        stored_name=stored.stored_name, content_type=stored.content_type, size=stored.size))
    db.session.flush()
    db.session.expire(collaboration, ["signed_conventions"])
    send_step(collaboration, "signed", user)
    record("collaboration.signed", collaboration,
           _summary(collaboration, user, "dépose la convention signée de"), actor=user,
           file=stored.original_name)


def end(collaboration: Collaboration, user: User, days_done: int | None = None,
        returned_ok: bool | None = None, remark: str = "") -> None:
    check_step("end", collaboration, user)
    if collaboration.kind == CollaborationKind.PERSONNEL:
        most = collaboration.days * collaboration.quantity
        if days_done is None or not 0 <= days_done <= most:
            raise FieldErrors({"days_done": _(
                "Indiquez le nombre de jours prestés, entre 0 et %(most)s (jours de la "
                "période × nombre d'agents).", most=most)})
        values = {"days_done": days_done}
    else:
        values = {"returned_ok": returned_ok, "return_remark": remark}
    # Ended early: the collaboration's period stops today (statistics count
    # it in the month it really ended, equipment-days up to the return).
    values["end_date"] = min(collaboration.end_date, brussels_today())
    _move(collaboration, [Status.ACCEPTEE, Status.SIGNEE], status=Status.TERMINEE,
          ended_at=utcnow(), **values)
    send_step(collaboration, "ended", user)
    record("collaboration.ended", collaboration, _summary(collaboration, user, "termine"),
           actor=user, **{**values, "end_date": values["end_date"].isoformat()})


def record_approval(collaboration: Collaboration, user: User, body: str,
                    approved_on: date) -> None:
    """A side notes the decision of its deciding body (Collège communal…)."""
    check_step("approval", collaboration, user)
    side = _side(collaboration, user)
    if approved_on > brussels_today():
        raise FieldErrors({"approved_on": _("La date de la décision ne peut pas être dans "
                                            "le futur.")})
    setattr(collaboration, f"{side}_approval_body", body)
    setattr(collaboration, f"{side}_approved_on", approved_on)
    db.session.flush()
    send_step(collaboration, "approved", user)
    record("collaboration.approved", collaboration,
           _summary(collaboration, user, "enregistre l'accord de son autorité pour"),
           actor=user, body=body, approved_on=approved_on.isoformat())


def _summary(collaboration: Collaboration, user: User, verb: str) -> str:
    return (f"{user.institution.name} {verb} la collaboration n° {collaboration.id} "
            f"(« {collaboration.annonce.title} »)")
