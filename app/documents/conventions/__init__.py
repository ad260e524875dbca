"""The platform's own conventions (staff made available, equipment lent),
as markup for `app.documents.office`: blank with `ConventionFacts()`,
pre-filled with the facts of a collaboration."""
from app.documents.conventions.equipment import equipment_convention
from app.documents.conventions.facts import ConventionFacts, Party
from app.documents.conventions.staff import staff_convention

__all__ = ["ConventionFacts", "Party", "equipment_convention", "staff_convention"]
