"""The back office of one kind of content, as a class: its list, creating
and editing one, publishing or withdrawing it, moving it in the list.

A subclass says what differs (model, forms, services, templates, messages)
and `register` adds the same URL rules and endpoints for each kind:

    /<url>                        <list_endpoint>     the list
    /<url>/<new_path>             <name>_new          create
    /<url>/<int:<name>_id>        <name>_edit         edit
    /<url>/<id>/publication       <name>_publish      publish or withdraw
    /<url>/<id>/deplacer          <name>_move         one place up or down

Each button validates its small form, runs one service through
`run_service` (one commit) and redirects (303); an invalid form is shown
again with its errors.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any

from flask import Blueprint, flash, redirect, url_for
from flask_wtf import FlaskForm

from app.blueprints.gestion.content.forms import MoveForm, PublishForm
from app.web.actions import run_service
from app.web.urls import safe_next_path

Message = tuple[str, str]  # (French text, flash category)


class ContentAdmin(ABC):
    name: str  # "mission": endpoints mission_*, URL argument mission_id
    list_endpoint: str  # "missions"
    url: str  # "/missions"
    new_path: str = "nouvelle"
    unknown_action = "Action inconnue : utilisez les boutons de la page."
    saved_message: str

    # What differs from one kind to another.
    @abstractmethod
    def load(self, item_id: int) -> Any:
        ...

    @abstractmethod
    def list_page(self):
        ...

    @abstractmethod
    def new_form(self) -> FlaskForm:
        ...

    @abstractmethod
    def create(self, form: FlaskForm) -> Any:
        """The service creating the item from a valid form."""

    @abstractmethod
    def created_message(self, item) -> str:
        ...

    @abstractmethod
    def new_page(self, form: FlaskForm):
        ...

    @abstractmethod
    def edit_form(self, item, **kwargs) -> FlaskForm:
        ...

    @abstractmethod
    def update(self, item, form: FlaskForm) -> None:
        """The service saving a valid edit form."""

    @abstractmethod
    def edit_page(self, item, form: FlaskForm | None = None, **other_forms: FlaskForm):
        ...

    @abstractmethod
    def change_publication(self, item, published: bool) -> Message:
        """The service publishing or withdrawing; returns what to tell."""

    @abstractmethod
    def change_position(self, item, direction: str) -> Message:
        """The service moving the item; returns what to tell."""

    def after_move(self, item) -> str:
        """Where a move goes back to."""
        return self.list_url()

    # The views, alike for every kind.
    def list_url(self) -> str:
        return url_for(f"gestion.{self.list_endpoint}")

    def to_edit(self, item):
        return redirect(url_for(f"gestion.{self.name}_edit", **{self.id_arg: item.id}),
                        code=303)

    @property
    def id_arg(self) -> str:
        return f"{self.name}_id"

    def new(self):
        form = self.new_form()
        if form.validate_on_submit():
            done = run_service(self.create, form, form=form)
            if done:
                flash(self.created_message(done.value), "success")
                return self.to_edit(done.value)
        return self.new_page(form)

    def edit(self, item):
        form = self.edit_form(item)
        if form.validate_on_submit() and run_service(self.update, item, form, form=form):
            flash(self.saved_message, "success")
            return self.to_edit(item)
        return self.edit_page(item, form)

    def publish(self, item):
        form = PublishForm()
        back = safe_next_path(form.next.data) or self.list_url()
        if not form.validate():
            flash(self.unknown_action, "error")
        elif done := run_service(self.change_publication, item, form.published.data == "1"):
            flash(*done.value)
        return redirect(back, code=303)

    def move(self, item):
        form = MoveForm()
        if not form.validate():
            flash(self.unknown_action, "error")
        elif done := run_service(self.change_position, item, form.direction.data):
            flash(*done.value)
        return redirect(self.after_move(item), code=303)

    def item_view(self, view: Callable) -> Callable:
        """`view(item, **other arguments)` as a view taking the item's id."""
        def handler(**arguments):
            return view(self.load(arguments.pop(self.id_arg)), **arguments)
        return handler

    def register(self, bp: Blueprint) -> None:
        item_url = f"{self.url}/<int:{self.id_arg}>"
        bp.add_url_rule(self.url, self.list_endpoint, self.list_page, methods=["GET"])
        bp.add_url_rule(f"{self.url}/{self.new_path}", f"{self.name}_new", self.new,
                        methods=["GET", "POST"])
        bp.add_url_rule(item_url, f"{self.name}_edit", self.item_view(self.edit),
                        methods=["GET", "POST"])
        bp.add_url_rule(f"{item_url}/publication", f"{self.name}_publish",
                        self.item_view(self.publish), methods=["POST"])
        bp.add_url_rule(f"{item_url}/deplacer", f"{self.name}_move",
                        self.item_view(self.move), methods=["POST"])
