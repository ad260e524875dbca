"""Domain errors: what a service raises when a business rule refuses a change.

Services never commit and never talk to forms; views run them through
`app.web.actions.run_service`, which commits on success, and on a
`DomainError` rolls back and shows its French message (flashed, or next to
the fields of the form for a `FieldErrors`).
"""
from __future__ import annotations


class DomainError(Exception):
    """A change refused by a rule, with a French message for the user."""

    def __init__(self, message: str = ""):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class FieldErrors(DomainError):
    """Input refused field by field: form field name -> French message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(" ".join(errors.values()))
        self.errors = errors
