"""Back office: document templates. Create, edit, add a version, publish or
withdraw, and reorder within a category, on the routes shared with the other
contents, plus one of their own:

    /modeles/<int:template_id>/version   template_version   a new version

Every action is audited by the services."""
from __future__ import annotations

from flask import Blueprint, flash, render_template, url_for
from flask_login import current_user

from app.blueprints.gestion import bp
from app.blueprints.gestion.content.admin import ContentAdmin, Message
from app.blueprints.modeles.forms import NewTemplateForm, TemplateForm, VersionForm
from app.blueprints.modeles.queries import (
    load_template,
    sorted_files,
    templates_by_category,
    versions_of,
)
from app.blueprints.modeles.services import (
    add_version,
    create_template,
    move_template,
    set_published,
    update_template,
)
from app.models import DocumentTemplate, User
from app.web.actions import run_service


def _me() -> User:
    return current_user._get_current_object()


def _files_dropped(form) -> bool:
    """True when files were chosen but the form is shown again: browsers
    never keep a chosen file, so the page says to choose them again."""
    return form.is_submitted() and any(f is not None and f.filename
                                       for f in form.files.values())


class TemplateAdmin(ContentAdmin):
    name = "template"
    list_endpoint = "templates"
    url = "/modeles"
    new_path = "nouveau"
    unknown_action = "Action inconnue : utilisez les boutons de la liste des modèles."
    saved_message = "Les modifications du modèle sont enregistrées."

    def load(self, item_id: int) -> DocumentTemplate:
        return load_template(item_id, _me(), with_versions=True)

    def list_page(self):
        return render_template("gestion/templates.html", groups=templates_by_category())

    def new_form(self) -> NewTemplateForm:
        return NewTemplateForm()

    def create(self, form: NewTemplateForm) -> DocumentTemplate:
        return create_template(_me(), form.template_data(), form.note.data or "", form.files)

    def created_message(self, item: DocumentTemplate) -> str:
        return (f"Le modèle « {item.title} » est enregistré. Il n'est pas encore publié : "
                "vérifiez-le, puis publiez-le.")

    def new_page(self, form: NewTemplateForm):
        return render_template("gestion/template_new.html", form=form,
                               files_dropped=_files_dropped(form))

    def edit_form(self, item: DocumentTemplate, **kwargs) -> TemplateForm:
        """The metadata form, filled in from the template unless posted."""
        return TemplateForm(title=item.title, category=item.category.value,
                            description=item.description, indicative=item.indicative,
                            **kwargs)

    def update(self, item: DocumentTemplate, form: TemplateForm) -> None:
        update_template(item, _me(), form.template_data())

    def edit_page(self, item: DocumentTemplate, form: TemplateForm | None = None,
                  version_form: VersionForm | None = None):
        if form is None:
            form = self.edit_form(item, formdata=None)
        if version_form is None:
            version_form = VersionForm(formdata=None)
        return render_template("gestion/template_edit.html", template=item, form=form,
                               version_form=version_form, versions=versions_of(item),
                               sorted_files=sorted_files,
                               files_dropped=_files_dropped(version_form))

    def change_publication(self, item: DocumentTemplate, published: bool) -> Message:
        if not set_published(item, _me(), published):
            return "Ce modèle était déjà " + ("publié." if published else "retiré."), "info"
        if published:
            return f"Le modèle « {item.title} » est publié : les adhérents le voient.", "success"
        return (f"Le modèle « {item.title} » est retiré : les adhérents ne le voient plus.",
                "success")

    def change_position(self, item: DocumentTemplate, direction: str) -> Message:
        if move_template(item, _me(), direction):
            return f"« {item.title} » est déplacé.", "success"
        return f"« {item.title} » est déjà à cette extrémité de sa catégorie.", "info"

    def after_move(self, item: DocumentTemplate) -> str:
        return url_for("gestion.templates", _anchor=f"template-{item.id}")

    def new_version(self, item: DocumentTemplate):
        form = VersionForm()
        if form.validate_on_submit() and (
                done := run_service(add_version, item, _me(), form.note.data, form.files,
                                    form=form)):
            flash(f"La version {done.value.number} est enregistrée : c'est elle que les "
                  "adhérents téléchargent désormais, à la même adresse.", "success")
            return self.to_edit(item)
        return self.edit_page(item, version_form=form)

    def register(self, bp: Blueprint) -> None:
        super().register(bp)
        bp.add_url_rule(f"{self.url}/<int:{self.id_arg}>/version", "template_version",
                        self.item_view(self.new_version), methods=["POST"])


TemplateAdmin().register(bp)
