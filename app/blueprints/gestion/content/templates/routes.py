"""Back office: document templates. Create, edit, add a version, publish or
withdraw, and reorder within a category; every action is audited."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.blueprints.gestion import bp
from app.blueprints.modeles.forms import (
    MoveForm,
    NewTemplateForm,
    PublishForm,
    TemplateForm,
    VersionForm,
)
from app.blueprints.modeles.queries import (
    load_template,
    sorted_files,
    templates_by_category,
    versions_of,
)
from app.blueprints.modeles.services import (
    TemplateInvalid,
    add_version,
    create_template,
    move_template,
    set_published,
    update_template,
)
from app.extensions import db
from app.models import DocumentTemplate
from app.web.urls import safe_next_path

UNKNOWN_ACTION = "Action inconnue : utilisez les boutons de la liste des modèles."


def _me():
    return current_user._get_current_object()


def _load(template_id: int) -> DocumentTemplate:
    return load_template(template_id, _me(), with_versions=True)


def _show_errors(form, error: TemplateInvalid) -> None:
    for name, message in error.errors.items():
        form[name].errors = [*form[name].errors, message]


def _files_dropped(form) -> bool:
    """True when files were chosen but the form is shown again: browsers
    never keep a chosen file, so the page says to choose them again."""
    return form.is_submitted() and any(f is not None and f.filename
                                       for f in form.files.values())


def _to_edit(template: DocumentTemplate):
    return redirect(url_for("gestion.template_edit", template_id=template.id), code=303)


def _meta_form(template: DocumentTemplate, **kwargs) -> TemplateForm:
    """The metadata form, filled in from the template unless posted."""
    return TemplateForm(title=template.title, category=template.category.value,
                        description=template.description, indicative=template.indicative,
                        **kwargs)


def _edit_page(template: DocumentTemplate, form: TemplateForm | None = None,
               version_form: VersionForm | None = None):
    if form is None:
        form = _meta_form(template, formdata=None)
    if version_form is None:
        version_form = VersionForm(formdata=None)
    return render_template("gestion/template_edit.html", template=template, form=form,
                           version_form=version_form, versions=versions_of(template),
                           sorted_files=sorted_files,
                           files_dropped=_files_dropped(version_form))


@bp.get("/modeles")
def templates():
    return render_template("gestion/templates.html", groups=templates_by_category())


@bp.route("/modeles/nouveau", methods=["GET", "POST"])
def template_new():
    form = NewTemplateForm()
    if form.validate_on_submit():
        try:
            template = create_template(_me(), form.template_data(), form.note.data or "",
                                       form.files)
        except TemplateInvalid as error:
            db.session.rollback()
            _show_errors(form, error)
        else:
            db.session.commit()
            flash(f"Le modèle « {template.title} » est enregistré. Il n'est pas encore "
                  "publié : vérifiez-le, puis publiez-le.", "success")
            return _to_edit(template)
    return render_template("gestion/template_new.html", form=form,
                           files_dropped=_files_dropped(form))


@bp.route("/modeles/<int:template_id>", methods=["GET", "POST"])
def template_edit(template_id: int):
    template = _load(template_id)
    form = _meta_form(template)
    if form.validate_on_submit():
        update_template(template, _me(), form.template_data())
        db.session.commit()
        flash("Les modifications du modèle sont enregistrées.", "success")
        return _to_edit(template)
    return _edit_page(template, form=form)


@bp.post("/modeles/<int:template_id>/version")
def template_version(template_id: int):
    template = _load(template_id)
    form = VersionForm()
    if form.validate_on_submit():
        try:
            version = add_version(template, _me(), form.note.data, form.files)
        except TemplateInvalid as error:
            db.session.rollback()
            _show_errors(form, error)
        else:
            db.session.commit()
            flash(f"La version {version.number} est enregistrée : c'est elle que les "
                  "adhérents téléchargent désormais, à la même adresse.", "success")
            return _to_edit(template)
    return _edit_page(template, version_form=form)


@bp.post("/modeles/<int:template_id>/publication")
def template_publish(template_id: int):
    template = _load(template_id)
    form = PublishForm()
    back = safe_next_path(request.form.get("next")) or url_for("gestion.templates")
    if not form.validate():
        flash(UNKNOWN_ACTION, "error")
        return redirect(back, code=303)
    publish = form.published.data == "1"
    if set_published(template, _me(), publish):
        db.session.commit()
        flash(f"Le modèle « {template.title} » est publié : les adhérents le voient." if publish
              else f"Le modèle « {template.title} » est retiré : les adhérents ne le voient "
                   "plus.", "success")
    else:
        flash("Ce modèle était déjà " + ("publié." if publish else "retiré."), "info")
    return redirect(back, code=303)


@bp.post("/modeles/<int:template_id>/deplacer")
def template_move(template_id: int):
    template = _load(template_id)
    form = MoveForm()
    if not form.validate():
        flash(UNKNOWN_ACTION, "error")
    elif move_template(template, _me(), form.direction.data):
        db.session.commit()
        flash(f"« {template.title} » est déplacé.", "success")
    else:
        flash(f"« {template.title} » est déjà à cette extrémité de sa catégorie.", "info")
    return redirect(url_for("gestion.templates", _anchor=f"template-{template.id}"), code=303)
