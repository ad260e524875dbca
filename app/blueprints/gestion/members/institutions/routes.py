"""Back office: the institutions of the province and their users. List,
add (after a merger), suspend or reactivate, retire, change the référent."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.blueprints.gestion import bp
from app.blueprints.gestion.members.institutions import queries, services
from app.blueprints.gestion.members.institutions.forms import (
    STATUS_LABELS,
    ActionForm,
    ConfirmForm,
    InstitutionFilterForm,
    InstitutionForm,
    ReferentForm,
)
from app.blueprints.gestion.members.users.queries import USER_STATUS_LABELS
from app.extensions import db
from app.forms import as_id
from app.models import Institution, InstitutionKind, User
from app.web.actions import run_service
from app.web.render import render

UNKNOWN_ACTION = "Action inconnue : utilisez les boutons de la page de l'institution."


def retire_form(formdata=None) -> ConfirmForm:
    return ConfirmForm(formdata=formdata, prefix_id="retire",
                       label="Je confirme que cette institution n'existe plus (fusion).")


def anonymise_form(user: User, formdata=None) -> ConfirmForm:
    return ConfirmForm(formdata=formdata, prefix_id=f"anonymise-{user.id}",
                       label=f"Je confirme l'effacement des données de {user.name}.")


def detail_page(institution: Institution, *, retire: ConfirmForm | None = None,
                referent: ReferentForm | None = None,
                anonymise: dict[int, ConfirmForm] | None = None):
    """The institution's page; a form that failed is shown with its error."""
    users = queries.users_of(institution)
    if referent is None:
        referent = ReferentForm(formdata=None)
    referent.user_id.choices = queries.referent_choices(users)
    forms = {user.id: anonymise_form(user) for user in users}
    forms.update(anonymise or {})
    return render_template(
        "gestion/institution_detail.html", institution=institution, users=users,
        status=queries.status_of(institution), status_labels=STATUS_LABELS,
        user_status_labels=USER_STATUS_LABELS, retire_form=retire or retire_form(),
        referent_form=referent, anonymise_forms=forms,
        is_province=institution.kind == InstitutionKind.PROVINCE)


def _to_detail(institution_id: int):
    return redirect(url_for("gestion.institution_detail", institution_id=institution_id),
                    code=303)


def _done(action, *args) -> None:
    """Run a service; flash what it did (or, through run_service, why not)."""
    if done := run_service(action, *args):
        flash(done.value, "success")


@bp.get("/institutions")
def institutions():
    form = InstitutionFilterForm(formdata=request.args)
    form.validate()
    kind, status, search = form.value("kind"), form.value("status"), form.value("q")
    rows = queries.list_institutions(kind, status, search)
    return render("gestion/institutions.html", "gestion/_institutions_results.html",
                  form=form, rows=rows, status_of=queries.status_of,
                  status_labels=STATUS_LABELS, filtered=bool(kind or status or search))


@bp.route("/institutions/nouvelle", methods=["GET", "POST"])
def institution_new():
    form = InstitutionForm()
    zones, communes, arrondissements = queries.place_choices()
    form.police_zone.choices = [("", "— Aucune —"), *zones]
    form.commune.choices = [("", "— Aucune —"), *communes]
    form.arrondissement.choices = [("", "— Aucun —")] + [(a, a) for a in arrondissements]
    if form.validate_on_submit():
        data = services.NewInstitution(
            name=form.name.data, short_name=form.short_name.data or "",
            kind=InstitutionKind(form.kind.data),
            arrondissement=form.arrondissement.data or None,
            postal_code=form.postal_code.data or None,
            # ASCII digits within the id range only ("²" is a digit too)
            police_zone_id=as_id(form.police_zone.data), commune_id=as_id(form.commune.data))
        if done := run_service(services.create_institution, data, form=form):
            flash(f"{done.value.name} est ajoutée à la liste des institutions.", "success")
            return _to_detail(done.value.id)
    return render_template("gestion/institution_new.html", form=form)


@bp.get("/institutions/<int:institution_id>")
def institution_detail(institution_id: int):
    return detail_page(queries.load_institution(institution_id))


@bp.post("/institutions/<int:institution_id>/suspendre")
def institution_suspend(institution_id: int):
    institution = db.get_or_404(Institution, institution_id)
    form = ActionForm()
    if not form.validate():
        flash(UNKNOWN_ACTION, "error")
    else:
        _done(services.set_suspended, institution, form.action.data == "suspend")
    return _to_detail(institution_id)


@bp.post("/institutions/<int:institution_id>/retirer")
def institution_retire(institution_id: int):
    institution = queries.load_institution(institution_id)
    form = retire_form(request.form)
    if not form.validate():
        return detail_page(institution, retire=form)
    _done(services.retire_institution, institution)
    return _to_detail(institution_id)


@bp.post("/institutions/<int:institution_id>/referent")
def institution_referent(institution_id: int):
    institution = queries.load_institution(institution_id)
    form = ReferentForm()
    form.user_id.choices = queries.referent_choices(queries.users_of(institution))
    if not form.validate():
        return detail_page(institution, referent=form)
    _done(services.change_referent, institution, int(form.user_id.data),
          current_user._get_current_object())
    return _to_detail(institution_id)
