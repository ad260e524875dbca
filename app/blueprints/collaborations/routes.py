"""Collaborations: propose one from an annonce, the list of my institution's,
one collaboration and its steps, the convention's downloads.

Every step is a POST form on the collaboration's page. Without JavaScript it
redirects (303) back to the page; with htmx the page's main section is
swapped in place. A refused input comes back with status 200 and what was
typed, next to the field.
"""
from __future__ import annotations

import io

from flask import abort, flash, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from app.blueprints.annonces.access import load_visible
from app.blueprints.collaborations import bp, steps
from app.blueprints.collaborations.access import (
    load_collaboration,
    may_propose,
    partners_in_touch,
)
from app.blueprints.collaborations.convention import (
    convention_docx,
    convention_filename,
    convention_odt,
)
from app.blueprints.collaborations.forms import (
    ApprovalForm,
    EndEquipmentForm,
    EndStaffForm,
    ProposalForm,
    ReasonForm,
    SignedConventionForm,
)
from app.blueprints.collaborations.queries import institution_groups, next_action
from app.blueprints.collaborations.services import propose_collaboration
from app.forms import EmptyForm
from app.localtime import brussels_today
from app.models import AnnonceCategory, Collaboration, CollaborationKind, User
from app.uploads import CONTENT_TYPES, send_stored
from app.web.actions import run_service
from app.web.render import fragment_or_redirect, render

PAGE = "collaborations/detail.html"
FRAGMENT = "collaborations/_detail.html"


def _me() -> User:
    return current_user._get_current_object()


@bp.get("/collaborations")
def index():
    user = _me()
    today = brussels_today()
    return render("collaborations/index.html", institution=user.institution,
                  groups=institution_groups(user.institution_id, today), today_date=today)


@bp.route("/annonces/<int:annonce_id>/collaboration", methods=["GET", "POST"])
def propose(annonce_id: int):
    user = _me()
    annonce = load_visible(annonce_id, user)
    if not may_propose(annonce, user):
        abort(404)
    own = user.institution_id == annonce.institution_id
    kind = (CollaborationKind.MATERIEL if annonce.category == AnnonceCategory.PRET_MATERIEL
            else CollaborationKind.PERSONNEL)
    form = ProposalForm(kind=kind.value, start_date=annonce.start_date,
                        end_date=annonce.end_date, provider=_default_provider(annonce, own))
    partners = partners_in_touch(annonce) if own else []
    form.partner.choices = [SelectChoice(str(p.id), p.name) for p in partners]
    if not own:
        del form.partner
    if form.validate_on_submit() and (done := run_service(
            propose_collaboration, annonce, user, form.proposal_data(), form=form)):
        collaboration = done.value
        other = collaboration.provider if collaboration.beneficiary_id == user.institution_id \
            else collaboration.beneficiary
        flash(_("Votre proposition a été envoyée à %(name)s.", name=other.name), "success")
        return _to_detail(collaboration)
    return render("collaborations/propose.html", annonce=annonce, form=form, own=own,
                  partner=None if own else annonce.institution)


def _default_provider(annonce, own: bool) -> str:
    """A demande is answered by the partner lending; an offre is lent by its
    author."""
    author_lends = annonce.kind.value == "offre"
    return "nous" if author_lends == own else "partenaire"


def _forms(collaboration: Collaboration, user: User, posted=None) -> dict:
    """A form for each step `user` may take, the one just posted kept as typed."""
    posted = posted or {}
    side = collaboration.side_of(user.institution_id)
    end_form = (EndStaffForm if collaboration.kind == CollaborationKind.PERSONNEL
                else EndEquipmentForm)
    forms = {
        "refuse": posted.get("refuse") or ReasonForm(formdata=None),
        "cancel": posted.get("cancel") or ReasonForm(formdata=None),
        "sign": posted.get("sign") or SignedConventionForm(formdata=None),
        "end": posted.get("end") or end_form(formdata=None),
        "approval": None,
    }
    if side is not None:
        institution = collaboration.provider if side == "provider" else collaboration.beneficiary
        forms["approval"] = (posted.get("approval") or ApprovalForm(
            formdata=None, approved_on=brussels_today())).fill(institution.kind)
    for name, form in forms.items():
        if form is not None:
            _distinct_ids(form, name)
    return forms


def _distinct_ids(form, name: str) -> None:
    """Several forms share a page: their fields get ids of their own (the
    names posted stay those of the contract)."""
    for item in form:
        if not item.id.startswith(f"{name}-"):
            item.id = f"{name}-{item.id}"
            item.label.field_id = item.id


def _context(collaboration: Collaboration, user: User, posted=None) -> dict:
    today = brussels_today()
    return {"collaboration": collaboration, "side": collaboration.side_of(user.institution_id),
            "today": today, "closing_side": steps.closing_side(collaboration),
            "next_action": next_action(collaboration, user.institution_id, today),
            "forms": _forms(collaboration, user, posted)}


@bp.get("/collaborations/<int:collaboration_id>")
def detail(collaboration_id: int):
    user = _me()
    collaboration = load_collaboration(collaboration_id, user)
    return render(PAGE, FRAGMENT, **_context(collaboration, user))


def _to_detail(collaboration: Collaboration):
    return fragment_or_redirect(
        url_for("collaborations.detail", collaboration_id=collaboration.id), FRAGMENT,
        lambda: _context(collaboration, _me()))


def _step(collaboration_id: int, name: str, form_class, call, done_message: str, *args_of):
    """Check that the user's side may take the step now (else its reason,
    flashed), validate the step's form, run the step; on success a message
    and the page, on failure the page with the form as typed (status 200)."""
    user = _me()
    collaboration = load_collaboration(collaboration_id, user)
    if not run_service(steps.check_step, name, collaboration, user):
        return render(PAGE, FRAGMENT, **_context(collaboration, user))
    form = form_class()
    if name == "approval":
        side = collaboration.side_of(user.institution_id)
        form.fill((collaboration.provider if side == "provider"
                   else collaboration.beneficiary).kind)
    if form.validate_on_submit() and run_service(
            call, collaboration, user, *(arg(form) for arg in args_of), form=form):
        flash(done_message, "success")
        return _to_detail(collaboration)
    return render(PAGE, FRAGMENT, **_context(collaboration, user, {name: form}))


@bp.post("/collaborations/<int:collaboration_id>/accepter")
def accept(collaboration_id: int):
    return _step(collaboration_id, "accept", EmptyForm, steps.accept,
                 _("La collaboration est acceptée. L'autre institution en est informée."))


@bp.post("/collaborations/<int:collaboration_id>/refuser")
def refuse(collaboration_id: int):
    return _step(collaboration_id, "refuse", ReasonForm, steps.refuse,
                 _("La proposition est refusée. L'autre institution en est informée."),
                 lambda form: form.reason.data)


@bp.post("/collaborations/<int:collaboration_id>/annuler")
def cancel(collaboration_id: int):
    return _step(collaboration_id, "cancel", ReasonForm, steps.cancel,
                 _("La collaboration est annulée. L'autre institution en est informée."),
                 lambda form: form.reason.data)


@bp.post("/collaborations/<int:collaboration_id>/convention-signee")
def sign(collaboration_id: int):
    return _step(collaboration_id, "sign", SignedConventionForm, steps.upload_signed,
                 _("La convention signée est déposée. L'autre institution en est informée."),
                 lambda form: form.file.data)


@bp.post("/collaborations/<int:collaboration_id>/terminer")
def end(collaboration_id: int):
    collaboration = load_collaboration(collaboration_id, _me())
    message = _("La collaboration est terminée. Merci d'avoir indiqué son bilan.")
    if collaboration.kind == CollaborationKind.PERSONNEL:
        return _step(collaboration_id, "end", EndStaffForm, steps.end, message,
                     lambda form: form.days_done.data)
    return _step(collaboration_id, "end", EndEquipmentForm, steps.end, message,
                 lambda form: None, lambda form: form.returned_ok.data == "oui",
                 lambda form: form.remark.data or "")


@bp.post("/collaborations/<int:collaboration_id>/approbation")
def approval(collaboration_id: int):
    return _step(collaboration_id, "approval", ApprovalForm, steps.record_approval,
                 _("L'accord de votre autorité est enregistré."),
                 lambda form: form.body.data, lambda form: form.approved_on.data)


@bp.get("/collaborations/<int:collaboration_id>/convention.docx", defaults={"extension": "docx"})
@bp.get("/collaborations/<int:collaboration_id>/convention.odt", defaults={"extension": "odt"})
def convention(collaboration_id: int, extension: str):
    """The convention pre-filled from the collaboration, made at each request
    (it follows the collaboration's changes: approvals, dates)."""
    collaboration = load_collaboration(collaboration_id, _me())
    data = (convention_docx if extension == "docx" else convention_odt)(collaboration)
    return send_file(io.BytesIO(data), mimetype=CONTENT_TYPES[extension], as_attachment=True,
                     download_name=convention_filename(collaboration, extension))


@bp.get("/collaborations/<int:collaboration_id>/convention-signee.pdf")
def signed_convention(collaboration_id: int):
    collaboration = load_collaboration(collaboration_id, _me())
    if collaboration.signed_convention is None:
        abort(404)
    return send_stored(collaboration.signed_convention)
