"""Back office: the purchasing centrals (list, create, edit, publish, order,
documents). Their adherents are in `adhesions_admin`."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from sqlalchemy import func, select

from app.blueprints.gestion import bp
from app.blueprints.gestion.content_actions import (
    delete_document_action,
    move_action,
    publish_action,
    show_errors,
)
from app.blueprints.gestion.content_forms import CentraleForm, DocumentForm
from app.blueprints.gestion.publishing import ContentInvalid, add_document, save_content
from app.extensions import db
from app.models import Adhesion, AdhesionStatus, Centrale, CentraleDomain

FIELDS = ("title", "reference", "description", "valid_from", "valid_until",
          "adhesion_deadline")


def _centrale(centrale_id: int) -> Centrale:
    return db.get_or_404(Centrale, centrale_id)


def _fields(form: CentraleForm) -> dict:
    fields = {name: form[name].data for name in FIELDS}
    fields.update(reference=form.reference.data or "", description=form.description.data or "",
                  domain=CentraleDomain(form.domain.data))
    return fields


def _form(centrale: Centrale | None = None, **kwargs) -> CentraleForm:
    if centrale is None:
        return CentraleForm(**kwargs)
    return CentraleForm(obj=centrale, domain=centrale.domain.value, **kwargs)


def _to_edit(centrale: Centrale):
    return redirect(url_for("gestion.centrale_edit", centrale_id=centrale.id), code=303)


def _edit_page(centrale: Centrale, form: CentraleForm, document_form: DocumentForm):
    return render_template("gestion/centrale_form.html", centrale=centrale, form=form,
                           document_form=document_form)


@bp.get("/centrales")
def centrales():
    pending = (select(func.count(Adhesion.id))
               .where(Adhesion.centrale_id == Centrale.id,
                      Adhesion.status == AdhesionStatus.PENDING)
               .scalar_subquery())
    rows = db.session.execute(
        select(Centrale, pending.label("pending"))
        .order_by(Centrale.position, Centrale.id)).all()
    return render_template("gestion/centrales.html", rows=rows)


@bp.route("/centrales/nouvelle", methods=["GET", "POST"])
def centrale_new():
    form = _form()
    if form.validate_on_submit():
        try:
            centrale = save_content(Centrale(), _fields(form), form.slug.data)
        except ContentInvalid as error:
            db.session.rollback()
            show_errors(form, error)
        else:
            db.session.commit()
            flash("La centrale est créée, non publiée. Ajoutez-y ses documents (cahier "
                  "spécial des charges, convention d'adhésion), puis publiez-la depuis la "
                  "liste des centrales.", "success")
            return _to_edit(centrale)
    return render_template("gestion/centrale_form.html", centrale=None, form=form)


@bp.route("/centrales/<int:centrale_id>", methods=["GET", "POST"])
def centrale_edit(centrale_id: int):
    centrale = _centrale(centrale_id)
    form = _form(centrale)
    if form.validate_on_submit():
        try:
            save_content(centrale, _fields(form), form.slug.data)
        except ContentInvalid as error:
            db.session.rollback()
            show_errors(form, error)
        else:
            db.session.commit()
            flash("Les modifications de la centrale sont enregistrées.", "success")
            return _to_edit(centrale)
    return _edit_page(centrale, form, DocumentForm(formdata=None))


@bp.post("/centrales/<int:centrale_id>/publication")
def centrale_publish(centrale_id: int):
    return publish_action(_centrale(centrale_id), "gestion.centrales")


@bp.post("/centrales/<int:centrale_id>/deplacer")
def centrale_move(centrale_id: int):
    return move_action(_centrale(centrale_id), "gestion.centrales")


@bp.post("/centrales/<int:centrale_id>/documents")
def centrale_document_add(centrale_id: int):
    centrale = _centrale(centrale_id)
    document_form = DocumentForm()
    if document_form.validate():
        try:
            document = add_document(centrale, document_form.title.data,
                                    document_form.document.data)
        except ContentInvalid as error:
            db.session.rollback()
            show_errors(document_form, error)
        else:
            db.session.commit()
            flash(f"Le document « {document.title} » est ajouté.", "success")
            return _to_edit(centrale)
    return _edit_page(centrale, _form(centrale, formdata=None), document_form)


@bp.post("/centrales/<int:centrale_id>/documents/<int:document_id>/supprimer")
def centrale_document_delete(centrale_id: int, document_id: int):
    centrale = _centrale(centrale_id)
    return delete_document_action(centrale, document_id,
                                  url_for("gestion.centrale_edit", centrale_id=centrale.id))
