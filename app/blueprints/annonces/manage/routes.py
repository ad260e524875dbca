"""Publishing and managing one annonce: create, show, edit, close, reopen,
and hiding by a platform manager."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms import SelectChoice

from app.blueprints.annonces import bp
from app.blueprints.annonces.access import is_own, load_own, load_visible
from app.blueprints.annonces.manage import choices
from app.blueprints.annonces.manage.forms import AnnonceForm, CloseForm, HideForm, NewAnnonceForm
from app.blueprints.annonces.manage.lifecycle import (
    close_annonce,
    close_problem,
    hide_annonce,
    reopen_annonce,
    unhide_annonce,
)
from app.blueprints.annonces.manage.services import (
    DEFAULT_LIFETIME,
    create_annonce,
    default_location,
    expiry_bounds,
    update_annonce,
)
from app.blueprints.annonces.matching import matching_annonces
from app.blueprints.annonces.notifications.delivery import delivery_context
from app.blueprints.annonces.threads.services import thread_context
from app.blueprints.annonces.threads.summary import mark_annonce_read
from app.blueprints.collaborations.availability import is_equipment_offer
from app.blueprints.collaborations.queries import annonce_context
from app.domain import FieldErrors
from app.forms import as_id
from app.localtime import brussels_today
from app.markdown import render_markdown
from app.models import Annonce
from app.web.actions import run_service


def _me():
    return current_user._get_current_object()


def _to_detail(annonce: Annonce):
    return redirect(url_for("annonces.detail", annonce_id=annonce.id), code=303)


def _fill_choices(form: AnnonceForm, institution_id: int) -> None:
    form.location.choices = [SelectChoice("", "Pas de commune précise"),
                            *choices.commune_choices()]
    form.contact.choices = choices.contact_choices(institution_id)


def _form_page(form: AnnonceForm, annonce: Annonce | None = None):
    earliest, latest = expiry_bounds()
    return render_template("annonces/form.html", form=form, annonce=annonce,
                           earliest_expiry=earliest, latest_expiry=latest,
                           files_dropped=form.is_submitted() and bool(form.files))


@bp.route("/nouvelle", methods=["GET", "POST"])
def new():
    author = _me()
    location = default_location(author.institution)
    form = NewAnnonceForm(location=str(location.id) if location else "",
                          contact=str(author.id),
                          expires_on=brussels_today() + DEFAULT_LIFETIME)
    _fill_choices(form, author.institution_id)
    if form.validate_on_submit() and (
            done := run_service(create_annonce, author, form.annonce_data(), form.files,
                                form=form)):
        annonce = done.value
        flash("Votre annonce est publiée." + (
            " Elle est envoyée par e-mail à tous les adhérents." if annonce.broadcast
            else " Elle est envoyée par e-mail aux adhérents qui reçoivent les demandes "
                 "urgentes." if annonce.urgent else ""), "success")
        return _to_detail(annonce)
    return _form_page(form)


@bp.get("/<int:annonce_id>")
def detail(annonce_id: int):
    user = _me()
    annonce = load_visible(annonce_id, user)
    # The second GET that writes (docs/architecture.md): opening the page
    # marks its threads read for me, through a service. No answer, no thread.
    if annonce.first_answered_at is not None:
        run_service(mark_annonce_read, annonce, user)
        annonce = load_visible(annonce_id, user)  # the commit expired it
    return render_template(
        "annonces/detail.html", annonce=annonce, is_own=is_own(user, annonce),
        body_html=render_markdown(annonce.body), matches=matching_annonces(annonce),
        hide_form=HideForm(formdata=None), lends_units=is_equipment_offer(annonce),
        **thread_context(annonce, user), **annonce_context(annonce, user),
        **delivery_context(annonce, user),
    )


@bp.route("/<int:annonce_id>/modifier", methods=["GET", "POST"])
def edit(annonce_id: int):
    editor = _me()
    annonce = load_own(annonce_id, editor)
    form = AnnonceForm(
        kind=annonce.kind.value, category=annonce.category.value, title=annonce.title,
        body=annonce.body, start_date=annonce.start_date, end_date=annonce.end_date,
        quantity=annonce.quantity, location=str(annonce.location_id or ""),
        contact=str(annonce.contact_id or ""), expires_on=annonce.expires_on,
        quantity_available=str(annonce.quantity_available), urgent=annonce.urgent,
        addressed_to=annonce.addressed_to.value,
    )
    _fill_choices(form, annonce.institution_id)
    if form.validate_on_submit() and run_service(
            update_annonce, annonce, editor, form.annonce_data(), form.files, form=form):
        flash("Vos modifications sont enregistrées.", "success")
        return _to_detail(annonce)
    return _form_page(form, annonce)


@bp.route("/<int:annonce_id>/cloturer", methods=["GET", "POST"])
def close(annonce_id: int):
    user = _me()
    annonce = load_own(annonce_id, user)
    problem = close_problem(annonce)
    if problem:
        flash(problem, "info")
        return _to_detail(annonce)
    form = CloseForm()
    form.helped_by.choices = [SelectChoice("", "Aucune, ou pas une institution adhérente"),
                              *choices.helper_choices(annonce.institution_id)]
    if form.validate_on_submit() and run_service(
            close_annonce, annonce, user, form.outcome.data, as_id(form.helped_by.data),
            form=form):
        flash(f"L'annonce est clôturée ({annonce.status.label.lower()}).", "success")
        return _to_detail(annonce)
    return render_template("annonces/close.html", form=form, annonce=annonce)


@bp.post("/<int:annonce_id>/rouvrir")
def reopen(annonce_id: int):
    user = _me()
    annonce = load_own(annonce_id, user)
    if run_service(reopen_annonce, annonce, user, category="info"):
        flash("L'annonce est rouverte.", "success")
    return _to_detail(annonce)


@bp.route("/<int:annonce_id>/masquer", methods=["GET", "POST"])
def hide(annonce_id: int):
    manager = _me()
    annonce = load_visible(annonce_id, manager)
    form = HideForm()
    if form.validate_on_submit():
        done = run_service(hide_annonce, annonce, manager, form.reason.data, form=form,
                           category="info")
        if done:
            flash("L'annonce est masquée. Son auteur a été prévenu par e-mail.", "success")
        if not isinstance(done.error, FieldErrors):  # done, or not applicable any more
            return _to_detail(annonce)
    return render_template("annonces/hide.html", form=form, annonce=annonce)


@bp.post("/<int:annonce_id>/afficher")
def unhide(annonce_id: int):
    manager = _me()
    annonce = load_visible(annonce_id, manager)
    if run_service(unhide_annonce, annonce, manager, category="info"):
        flash("L'annonce est de nouveau visible par tous les adhérents.", "success")
    return _to_detail(annonce)
