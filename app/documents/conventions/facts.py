"""What the platform knows of a collaboration, in the words the convention
texts print. Every fact is optional: an unknown one leaves the bracket
blank of the model text in place, so `ConventionFacts()` gives the blank
model itself (the demo template) and a collaboration gives it pre-filled."""
from __future__ import annotations

import re
from dataclasses import dataclass

from app.models.collaboration import CostTerms

_SPACES = re.compile(r"[^\S\u00a0\u202f]+")  # white space, no-break spaces excepted
# "à" + "le" and "de" + "le" contract in French: "au CPAS", "du CPAS".
_ARTICLES = {
    ("", False): "la ", ("à", False): "à la ", ("de", False): "de la ",
    ("", True): "le ", ("à", True): "au ", ("de", True): "du ",
}


def plain(value: str) -> str:
    """A user's text on one line: the markup reads blank lines as the end of
    a block and a line opening with "- " as a list item. No-break spaces
    stay ("250,00 €" is not cut at the end of a line)."""
    return _SPACES.sub(" ", value).strip()


def blank(value: object | None, placeholder: str) -> str:
    """The fact when known, else the bracket blank the reader fills in."""
    if value is None or value == "":
        return placeholder
    return plain(str(value))


@dataclass(frozen=True)
class Party:
    """One institution, named in full with its article."""

    name: str  # "Commune de Bouillon", "CPAS de Paliseul"
    masculine: bool = False  # "le CPAS"; communes, zones and the province are feminine
    resolution: str | None = None  # its deciding body's decision: "12/11/2026 (Collège communal)"

    def called(self, preposition: str = "") -> str:
        """"la Commune de Bouillon", "au CPAS de Paliseul", "du CPAS de …"."""
        return _ARTICLES[(preposition, self.masculine)] + plain(self.name)


@dataclass(frozen=True)
class ConventionFacts:
    """The facts of one collaboration, already written as the text prints
    them (dates dd/mm/yyyy, amounts in euros)."""

    reference: str | None = None  # "Collaboration n° 12 (annonce « … »), …"
    provider: Party | None = None  # l'institution d'origine, le prêteur
    beneficiary: Party | None = None  # l'institution d'accueil, l'emprunteur
    start: str | None = None
    end: str | None = None
    description: str | None = None  # the agent's function, or the items lent
    quantity: int | None = None  # agents or units
    days_planned: int | None = None  # staff: days of work over the whole period
    schedule: str | None = None
    place: str | None = None
    cost_terms: CostTerms | None = None  # None: the options, for the reader to choose
    daily_rate: str | None = None  # "250,00 €", with CostTerms.TARIF


BLANK = ConventionFacts()
