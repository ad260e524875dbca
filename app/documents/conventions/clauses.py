"""The parts both conventions share, in the markup of `app.documents.office`:
the parties, the signatures, the disputes clause and the closing notice
(also used by the demo templates)."""
from __future__ import annotations

from app.documents.conventions.facts import ConventionFacts, Party, blank, plain

INDICATIVE_END = """
> Modèle indicatif : à adapter à votre situation ; il ne constitue pas un avis
juridique.
"""

DISPUTES = """
Les parties s'engagent à rechercher une solution amiable à tout différend relatif à la
présente convention, d'abord par une concertation entre leurs directeurs généraux. À
défaut d'accord dans le mois, le différend est porté devant les juridictions
compétentes de l'arrondissement judiciaire du Luxembourg. Le droit belge est
applicable.
"""


def reference(facts: ConventionFacts) -> str:
    """The line that ties a pre-filled convention to its collaboration; none
    in the blank model."""
    return f"\n{plain(facts.reference)}\n" if facts.reference else ""


def party(side: str, role: str, who: Party | None) -> str:
    """"D'une part, la Commune de …, … ci-après « le prêteur » ;". The
    signatories, the address and the representing body stay blank: the
    platform does not know them."""
    name = who.called() if who else "[la Commune de … / le CPAS de … / la Zone de …]"
    resolution = blank(who.resolution if who else None, "[date]")
    return f"""
{side}, {name}, dont le siège est établi
[adresse], représenté(e) par [son collège communal / son conseil de l'action sociale /
son collège de police ou de zone], au nom duquel agissent [nom], [Bourgmestre /
Président(e)], et [nom], Directeur général / Directrice générale, en exécution de la
délibération du {resolution}, ci-après « {role} » ;
"""


def signature(role: str, who: Party | None) -> str:
    """The signature line of one side, names of the signatories left blank."""
    name = f"{who.called()}, {role}" if who else role
    return f"""
Pour {name} : [nom], Directeur général / Directrice générale, et [nom], [Bourgmestre /
Président(e)].
"""


def named(who: Party | None, preposition: str, placeholder: str) -> str:
    """An institution inside a sentence, "à la Commune de …" / "au CPAS de
    …", or the preposition and its blank."""
    return who.called(preposition) if who else f"{preposition} {placeholder}"
