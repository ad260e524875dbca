"""The illustrative purchasing centrals of the demo, inspired by those of
other Belgian provinces (labelled as examples), and the text of their
generated documents. Dates are given in days from today, so the demo keeps
open, running and closed centrals whenever it is loaded."""
from __future__ import annotations

from dataclasses import dataclass

from app.models import CentraleDomain

EXAMPLE = ("> **Centrale présentée à titre d'exemple** pour la démonstration de la "
           "plateforme : elle ne correspond à aucun marché réel de la Province.\n\n")


@dataclass(frozen=True)
class DemoCentrale:
    slug: str
    title: str
    domain: CentraleDomain
    reference: str
    description: str
    starts: int  # days from today
    ends: int
    deadline: int
    subject: str  # what is bought, for the documents


CENTRALES = [
    DemoCentrale(
        "sel-de-deneigement", "Sel de déneigement (exemple)", CentraleDomain.FOURNITURES,
        "EXEMPLE-2026-01",
        "Fourniture de sel de déneigement en vrac pour l'hiver, livré dans les dépôts "
        "communaux ou enlevé chez le fournisseur.\n\n"
        "- les communes indiquent leurs quantités **en juin** ;\n"
        "- elles réservent ensuite des créneaux d'enlèvement ou de livraison ;\n"
        "- le prix à la tonne est fixe pour toute la saison.",
        -20, 345, 25, "la fourniture de sel de déneigement en vrac"),
    DemoCentrale(
        "carburants", "Carburants et combustibles (exemple)", CentraleDomain.FOURNITURES,
        "EXEMPLE-2025-04",
        "Gasoil routier, gasoil de chauffage et essence livrés en citerne, et cartes "
        "carburant utilisables dans les stations de la province.\n\n"
        "Les adhésions sont closes : les institutions déjà adhérentes commandent "
        "jusqu'à la fin de validité.",
        -200, 530, -60, "la fourniture de carburants et de combustibles"),
    DemoCentrale(
        "fournitures-de-bureau", "Fournitures de bureau et papier (exemple)",
        CentraleDomain.FOURNITURES, "EXEMPLE-2026-02",
        "Papier recyclé, enveloppes, petit matériel de bureau et consommables "
        "d'impression, commandés en ligne et livrés sous 48 heures.",
        -10, 720, 60, "la fourniture de matériel de bureau et de papier"),
    DemoCentrale(
        "materiel-informatique", "Matériel informatique et logiciels (exemple)",
        CentraleDomain.FOURNITURES, "EXEMPLE-2026-03",
        "Ordinateurs portables et fixes, écrans, imprimantes, licences de logiciels "
        "bureautiques et garantie sur site de trois ans.\n\n"
        "Un catalogue de logiciels « ville intelligente » (gestion des salles, "
        "signalements citoyens) complète l'offre.",
        0, 1095, 90, "la fourniture de matériel informatique et de logiciels"),
    DemoCentrale(
        "vetements-de-travail", "Vêtements de travail et équipements de protection (exemple)",
        CentraleDomain.FOURNITURES, "EXEMPLE-2026-05",
        "Vêtements de travail haute visibilité, chaussures de sécurité, gants et "
        "équipements de protection individuelle pour les ouvriers communaux, avec "
        "marquage au nom de l'institution.",
        -5, 1090, 40, "la fourniture de vêtements de travail et d'équipements de protection"),
    DemoCentrale(
        "marquage-routier-2022", "Marquage routier 2022-2025 (exemple)", CentraleDomain.TRAVAUX,
        "EXEMPLE-2022-07",
        "Travaux de marquage routier (lignes, passages pour piétons, zones 30) sur les "
        "voiries communales. Cette centrale est clôturée ; une nouvelle centrale est en "
        "préparation.",
        -1200, -30, -1000, "des travaux de marquage routier"),
]


def specifications(centrale: DemoCentrale, province: str) -> list[str]:
    """Paragraphs of the illustrative 'cahier spécial des charges' (PDF)."""
    return [
        f"Pouvoir adjudicateur : {province}, agissant en qualité de centrale d'achats "
        "pour les pouvoirs locaux de son territoire qui y adhèrent.",
        f"Référence : {centrale.reference}. Objet : {centrale.subject}.",
        "1. Objet du marché. Le présent cahier spécial des charges régit l'attribution "
        f"d'un accord-cadre portant sur {centrale.subject}, au profit de la Province et "
        "des institutions adhérentes.",
        "2. Durée. L'accord-cadre est conclu pour la période de validité indiquée sur la "
        "page de la centrale. Les commandes peuvent être passées jusqu'à son terme.",
        "3. Quantités. Les quantités sont présumées. Chaque institution adhérente passe "
        "ses propres commandes et paie ses propres factures.",
        "4. Prix. Les prix sont unitaires et forfaitaires ; ils peuvent être révisés une "
        "fois par an selon la formule prévue au marché.",
        "5. Exécution. Les délais de livraison et les lieux d'exécution sont précisés "
        "dans chaque bon de commande.",
        "Document de démonstration, généré par la plateforme : il ne constitue pas un "
        "cahier des charges réel et ne peut servir de base à aucune commande.",
    ]


def convention(centrale: DemoCentrale, province: str) -> list[str]:
    """Paragraphs of the illustrative 'convention d'adhésion' (ODT)."""
    return [
        f"Entre d'une part la {province}, centrale d'achats, et d'autre part "
        "l'institution adhérente désignée ci-dessous.",
        f"Centrale : {centrale.title} – référence {centrale.reference}.",
        "Article 1. L'institution adhérente adhère à la centrale d'achats pour "
        f"{centrale.subject}. Elle est dispensée d'organiser elle-même une procédure de "
        "passation pour les commandes passées dans ce cadre.",
        "Article 2. L'adhésion est gratuite. Elle n'oblige pas l'institution à commander.",
        "Article 3. L'institution passe ses commandes directement auprès de "
        "l'adjudicataire et assure le paiement des factures qui la concernent.",
        "Article 4. La présente convention prend fin à l'échéance du marché.",
        "Nom de l'institution : ................................................",
        "Fait à ......................, le ....../....../..........",
        "Document de démonstration, généré par la plateforme : il ne constitue pas une "
        "convention réelle.",
    ]
