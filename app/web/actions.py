"""Running a service call in a view: the one place where views commit.

    done = run_service(create_annonce, author, form.annonce_data(), form=form)
    if done:
        flash(...)
        return redirect(...)
    return render_template(..., form=form)   # the errors are on the form

On success the transaction is committed and `done.value` holds what the
service returned. On a `DomainError` it is rolled back (nothing half-written
stays) and the message reaches the user: a `FieldErrors` next to the fields
of `form` (when given), any other as a flash of `category`; with
`category=None` nothing is flashed, the view shows `done.error` itself.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import flash

from app.domain import DomainError, FieldErrors
from app.extensions import db


@dataclass(frozen=True)
class Outcome:
    ok: bool
    value: Any = None
    error: DomainError | None = None

    def __bool__(self) -> bool:
        return self.ok


def run_service(call: Callable[..., Any], *args: Any, form=None,
                category: str | None = "error", **kwargs: Any) -> Outcome:
    """Call `call(*args, **kwargs)`; commit, or roll back and tell the user."""
    try:
        value = call(*args, **kwargs)
    except DomainError as error:
        db.session.rollback()
        if form is not None and isinstance(error, FieldErrors):
            show_errors(form, error)
        elif category is not None:
            flash(str(error), category)
        return Outcome(ok=False, error=error)
    db.session.commit()
    return Outcome(ok=True, value=value)


def show_errors(form, error: FieldErrors) -> None:
    """Put a service's messages next to their fields (a message for a field
    the form does not have is flashed instead, so it is never lost)."""
    for name, message in error.errors.items():
        if name in form:
            form[name].errors = [*form[name].errors, message]
        else:
            flash(message, "error")
