"""The back office shared by missions and centrals: one set of services
(`content.services`) and documents attached to each item, with two more
URL rules besides those of `ContentAdmin`:

    /<url>/<id>/documents                              <name>_document_add
    /<url>/<id>/documents/<int:document_id>/supprimer  <name>_document_delete
"""
from __future__ import annotations

from abc import abstractmethod

from flask import Blueprint, abort, flash, render_template
from flask_wtf import FlaskForm

from app.blueprints.gestion.content.admin import ContentAdmin, Message
from app.blueprints.gestion.content.forms import DocumentForm
from app.blueprints.gestion.content.services import (
    Content,
    add_document,
    move,
    remove_document,
    save_content,
    set_published,
)
from app.extensions import db
from app.uploads import delete_upload
from app.web.actions import run_service


class DocumentedContentAdmin(ContentAdmin):
    model: type[Content]

    @abstractmethod
    def form_values(self, form: FlaskForm) -> dict:
        """The model's attributes from a valid form (the slug aside)."""

    @property
    def form_template(self) -> str:
        return f"gestion/{self.name}_form.html"

    def load(self, item_id: int) -> Content:
        return db.get_or_404(self.model, item_id)

    def new_form(self) -> FlaskForm:
        return self.edit_form(None)

    def create(self, form: FlaskForm) -> Content:
        return save_content(self.model(), self.form_values(form), form.slug.data)

    def update(self, item: Content, form: FlaskForm) -> None:
        save_content(item, self.form_values(form), form.slug.data)

    def new_page(self, form: FlaskForm):
        return render_template(self.form_template, **{self.name: None}, form=form)

    def edit_page(self, item: Content, form: FlaskForm | None = None,
                  document_form: DocumentForm | None = None):
        if form is None:
            form = self.edit_form(item, formdata=None)
        if document_form is None:
            document_form = DocumentForm(formdata=None)
        return render_template(self.form_template, **{self.name: item}, form=form,
                               document_form=document_form)

    def change_publication(self, item: Content, published: bool) -> Message:
        return set_published(item, published), "success"

    def change_position(self, item: Content, direction: str) -> Message:
        up = direction == "up"
        if move(item, direction):
            return (f"« {item.title} » est {'remontée' if up else 'descendue'} d'un rang.",
                    "success")
        return f"« {item.title} » est déjà {'en tête' if up else 'en fin'} de liste.", "info"

    def document_add(self, item: Content):
        document_form = DocumentForm()
        if document_form.validate():
            done = run_service(add_document, item, document_form.title.data,
                               document_form.document.data, form=document_form)
            if done:
                flash(f"Le document « {done.value.title} » est ajouté.", "success")
                return self.to_edit(item)
        return self.edit_page(item, document_form=document_form)

    def document_delete(self, item: Content, document_id: int):
        document = next((d for d in item.documents if d.id == document_id), None)
        if document is None:
            abort(404)
        title = document.title
        if done := run_service(remove_document, item, document):
            delete_upload(done.value)  # only once the row is gone for good
            flash(f"Le document « {title} » est retiré.", "success")
        return self.to_edit(item)

    def register(self, bp: Blueprint) -> None:
        super().register(bp)
        documents = f"{self.url}/<int:{self.id_arg}>/documents"
        bp.add_url_rule(documents, f"{self.name}_document_add",
                        self.item_view(self.document_add), methods=["POST"])
        bp.add_url_rule(f"{documents}/<int:document_id>/supprimer",
                        f"{self.name}_document_delete", self.item_view(self.document_delete),
                        methods=["POST"])
