"""Back office: the supra-communal missions (list, create, edit, publish,
order, documents)."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from sqlalchemy import select

from app.blueprints.gestion import bp
from app.blueprints.gestion.content_actions import (
    delete_document_action,
    move_action,
    publish_action,
    show_errors,
)
from app.blueprints.gestion.content_forms import DocumentForm, MissionForm
from app.blueprints.gestion.publishing import ContentInvalid, add_document, save_content
from app.extensions import db
from app.models import Mission

FIELDS = ("title", "summary", "body", "theme", "contact_service", "contact_email",
          "contact_phone")


def _mission(mission_id: int) -> Mission:
    return db.get_or_404(Mission, mission_id)


def _fields(form: MissionForm) -> dict:
    return {name: form[name].data or "" for name in FIELDS}


def _to_edit(mission: Mission):
    return redirect(url_for("gestion.mission_edit", mission_id=mission.id), code=303)


def _edit_page(mission: Mission, form: MissionForm, document_form: DocumentForm):
    return render_template("gestion/mission_form.html", mission=mission, form=form,
                           document_form=document_form)


@bp.get("/missions")
def missions():
    rows = db.session.scalars(select(Mission).order_by(Mission.position, Mission.id)).all()
    return render_template("gestion/missions.html", missions=rows)


@bp.route("/missions/nouvelle", methods=["GET", "POST"])
def mission_new():
    form = MissionForm()
    if form.validate_on_submit():
        try:
            mission = save_content(Mission(), _fields(form), form.slug.data)
        except ContentInvalid as error:
            db.session.rollback()
            show_errors(form, error)
        else:
            db.session.commit()
            flash("La mission est créée, non publiée. Ajoutez-y des documents si besoin, "
                  "puis publiez-la depuis la liste des missions.", "success")
            return _to_edit(mission)
    return render_template("gestion/mission_form.html", mission=None, form=form)


@bp.route("/missions/<int:mission_id>", methods=["GET", "POST"])
def mission_edit(mission_id: int):
    mission = _mission(mission_id)
    form = MissionForm(obj=mission)
    if form.validate_on_submit():
        try:
            save_content(mission, _fields(form), form.slug.data)
        except ContentInvalid as error:
            db.session.rollback()
            show_errors(form, error)
        else:
            db.session.commit()
            flash("Les modifications de la mission sont enregistrées.", "success")
            return _to_edit(mission)
    return _edit_page(mission, form, DocumentForm(formdata=None))


@bp.post("/missions/<int:mission_id>/publication")
def mission_publish(mission_id: int):
    return publish_action(_mission(mission_id), "gestion.missions")


@bp.post("/missions/<int:mission_id>/deplacer")
def mission_move(mission_id: int):
    return move_action(_mission(mission_id), "gestion.missions")


@bp.post("/missions/<int:mission_id>/documents")
def mission_document_add(mission_id: int):
    mission = _mission(mission_id)
    document_form = DocumentForm()
    if document_form.validate():
        try:
            document = add_document(mission, document_form.title.data,
                                    document_form.document.data)
        except ContentInvalid as error:
            db.session.rollback()
            show_errors(document_form, error)
        else:
            db.session.commit()
            flash(f"Le document « {document.title} » est ajouté.", "success")
            return _to_edit(mission)
    return _edit_page(mission, MissionForm(formdata=None, obj=mission), document_form)


@bp.post("/missions/<int:mission_id>/documents/<int:document_id>/supprimer")
def mission_document_delete(mission_id: int, document_id: int):
    mission = _mission(mission_id)
    return delete_document_action(mission, document_id,
                                  url_for("gestion.mission_edit", mission_id=mission.id))
