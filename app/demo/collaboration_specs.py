"""What the demo collaborations are (`app.demo.collaborations` creates
them): between the demo institutions, on the demo annonces of
`app.demo.annonces`, at least one in every state. Dates are in days from
today; institutions are named by their slug."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.models import CollaborationKind, CollaborationStatus, CostTerms

ARLON, CPAS, POLICE, DURBUY = ("commune-arlon", "cpas-bastogne", "zone-police-gaume",
                               "commune-durbuy")
GUICHET = "Agent pour le guichet population et état civil"
REMORQUE = "Remorque plateau à prêter"
MINIBUS = "Minibus de 9 places disponible les week-ends"
JURY = "Membre de jury pour le recrutement d'un employé d'administration"
TENTE = "Tente de réception pour la fête des aînés"
ASSISTANTE = "Assistante sociale disponible pour un renfort ponctuel"

PERSONNEL, MATERIEL = CollaborationKind.PERSONNEL, CollaborationKind.MATERIEL
Status = CollaborationStatus


@dataclass(frozen=True)
class DemoCollaboration:
    annonce_title: str
    provider: str
    beneficiary: str
    proposer: str
    kind: CollaborationKind
    status: CollaborationStatus
    starts_in: int
    days: int
    description: str
    quantity: int = 1
    days_planned: int | None = None
    schedule: str = ""
    place: str = ""
    cost_terms: CostTerms = CostTerms.GRATUIT
    daily_rate: Decimal | None = None
    value_per_day: Decimal | None = None
    notes: str = ""
    provider_approval: str = ""
    beneficiary_approval: str = ""
    reason: str = ""
    stopped_by: str = ""  # a cancellation: the side that cancelled
    days_done: int | None = None
    returned_ok: bool | None = None
    return_remark: str = ""


DEMO_COLLABORATIONS = [
    DemoCollaboration(
        REMORQUE, POLICE, CPAS, CPAS, MATERIEL, Status.PROPOSEE, 20, 2,
        "Remorque plateau pour le déménagement du mobilier de la maison de repos",
        place="Maison de repos du CPAS, Bastogne", value_per_day=Decimal("45.00"),
        notes="Nous viendrons la chercher à Virton avec notre camionnette."),
    DemoCollaboration(
        GUICHET, DURBUY, ARLON, ARLON, PERSONNEL, Status.ACCEPTEE, 7, 19,
        "Employée d'administration formée à l'état civil, pour le guichet population",
        days_planned=9, schedule="Lundi, mercredi et vendredi, de 8 h 30 à 12 h",
        place="Hôtel de ville d'Arlon, guichet population", cost_terms=CostTerms.FRAIS,
        value_per_day=Decimal("220.00"), provider_approval="Collège communal"),
    DemoCollaboration(
        MINIBUS, DURBUY, CPAS, CPAS, MATERIEL, Status.SIGNEE, -1, 3,
        "Minibus de 9 places pour l'excursion des résidents de la maison de repos",
        place="CPAS de Bastogne (départ et retour)", cost_terms=CostTerms.TARIF,
        daily_rate=Decimal("35.00"), value_per_day=Decimal("120.00"),
        provider_approval="Collège communal",
        beneficiary_approval="Conseil de l'action sociale"),
    DemoCollaboration(
        REMORQUE, POLICE, ARLON, ARLON, MATERIEL, Status.SIGNEE, -2, 6,
        "Remorque plateau pour évacuer les déchets verts du parc communal",
        place="Parc communal d'Arlon", value_per_day=Decimal("45.00"),
        provider_approval="Collège de police", beneficiary_approval="Collège communal"),
    DemoCollaboration(
        ASSISTANTE, CPAS, ARLON, ARLON, PERSONNEL, Status.TERMINEE, -75, 46,
        "Assistante sociale en renfort du service d'aide aux familles",
        days_planned=4, days_done=4, schedule="Deux jours par mois",
        place="Administration communale d'Arlon", cost_terms=CostTerms.FRAIS,
        value_per_day=Decimal("280.00"), provider_approval="Conseil de l'action sociale",
        beneficiary_approval="Collège communal"),
    DemoCollaboration(
        REMORQUE, POLICE, DURBUY, DURBUY, MATERIEL, Status.TERMINEE, -50, 3,
        "Remorque plateau pour transporter les barrières de la fête de village",
        value_per_day=Decimal("45.00"), provider_approval="Collège de police",
        beneficiary_approval="Collège communal", returned_ok=True,
        return_remark="Rendue propre, rien à signaler."),
    DemoCollaboration(
        MINIBUS, DURBUY, ARLON, ARLON, MATERIEL, Status.TERMINEE, -20, 2,
        "Minibus de 9 places pour le tournoi sportif des écoles communales",
        cost_terms=CostTerms.TARIF, daily_rate=Decimal("35.00"),
        value_per_day=Decimal("120.00"), provider_approval="Collège communal",
        beneficiary_approval="Collège communal", returned_ok=False,
        return_remark="Rétroviseur droit fissuré ; la réparation est prise en charge par "
                      "la commune d'Arlon."),
    DemoCollaboration(
        JURY, CPAS, DURBUY, CPAS, PERSONNEL, Status.REFUSEE, 20, 1,
        "Directrice des ressources humaines du CPAS, membre du jury (épreuve orale)",
        days_planned=1, place="Administration communale de Durbuy",
        reason="Merci pour votre proposition : nous avons entre-temps trouvé un membre de "
               "jury disponible à Durbuy même."),
    DemoCollaboration(
        TENTE, ARLON, CPAS, ARLON, MATERIEL, Status.ANNULEE, 40, 2,
        "Tente de réception de 6 m × 12 m, montée par le service travaux",
        place="Parc du CPAS, Bastogne", value_per_day=Decimal("150.00"),
        provider_approval="Collège communal", stopped_by=ARLON,
        reason="La tente a été endommagée par la tempête : nous ne pouvons plus la prêter. "
               "Toutes nos excuses."),
]
