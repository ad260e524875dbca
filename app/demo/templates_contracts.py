"""Shorter demo templates: requests for prices for low-value public
contracts (fournitures, services, travaux; under 30 000 € HTVA) and a
comparison of offers (draft). Texts in the markup of `app.documents.office`,
marked "modèle indicatif"."""
from __future__ import annotations

from app.documents.conventions.clauses import INDICATIVE_END

_NOTICE = """
> Marché public de faible montant (montant estimé inférieur à 30 000 € HTVA). Modèle
indicatif : à adapter à votre situation ; il ne constitue pas un avis juridique. Les
passages entre crochets [ ] sont à compléter.
"""

_AUTHORITY = """
## 1. Pouvoir adjudicateur

[Nom de l'institution], [adresse]. Personne de contact : [nom, fonction, téléphone,
adresse e-mail].
"""

_PROCEDURE = """
## 3. Procédure

Le marché est un marché public de faible montant, passé sur facture acceptée
conformément à l'article 92 de la loi du 17 juin 2016 relative aux marchés publics. Ses
conditions d'exécution sont celles de la présente demande, dans le respect des règles
générales d'exécution applicables aux marchés de faible montant.

La présente demande est adressée à [nombre] opérateurs économiques. Elle n'engage pas le
pouvoir adjudicateur, qui peut renoncer à attribuer le marché.
"""

_SUBMISSION = """
## {number}. Remise des offres

L'offre est envoyée par courrier électronique à [adresse e-mail] au plus tard le [date] à
[heure], avec pour objet « Offre – [référence du marché] ». Une offre reçue après ce
délai n'est pas examinée.

Les questions sont posées par courrier électronique à la même adresse au plus tard le
[date] ; la réponse est communiquée à tous les opérateurs consultés.

L'offre reste valable [soixante] jours calendrier à compter de la date limite de remise.
"""

_AWARD = """
## {number}. Attribution

Le marché est attribué au soumissionnaire qui a remis l'offre régulière économiquement la
plus avantageuse, sur la base {criteria}.

Avant l'attribution, le pouvoir adjudicateur peut vérifier que le soumissionnaire est en
règle d'obligations sociales et fiscales (notamment au moyen de l'application Télémarc)
et lui demander de préciser son offre.

L'attribution est notifiée par un bon de commande signé ; les autres soumissionnaires en
sont informés.
"""

def _criteria(weights: str) -> str:
    return f"[du prix seul / des critères suivants : {weights}]"


_SUPPLY_CRITERIA = _criteria("prix (70 points) et délai de livraison (30 points)")
_SERVICE_CRITERIA = _criteria("prix (60 points) et qualité de la méthode proposée (40 points)")
_WORKS_CRITERIA = _criteria("prix (80 points) et délai d'exécution (20 points)")
_PEPPOL = "de préférence par voie électronique, via le réseau Peppol (Mercurius)"
_INVOICING = """
## {number}. Facturation et paiement

La facture mentionne la référence du marché et le numéro du bon de commande. Elle est
adressée {channel}, à [adresse de facturation].

Le paiement a lieu dans les trente jours de la réception de la facture régulièrement
établie, pour autant que {accepted} ait été {accepted_verb}.
"""

_PRICE_LIST = """
## Annexe – Bordereau de prix

- Poste 1 : [désignation] – quantité : [ … ] – prix unitaire HTVA : [ … ] € – total
  HTVA : [ … ] €
- Poste 2 : [désignation] – quantité : [ … ] – prix unitaire HTVA : [ … ] € – total
  HTVA : [ … ] €
- Total HTVA : [ … ] € – TVA à [21] % : [ … ] € – total TVAC : [ … ] €

Nom du soumissionnaire, numéro d'entreprise (BCE), date et signature : [ … ]
"""


def fournitures(electronic_invoice: bool = True) -> str:
    """The request for prices for supplies (version 1 had no e-invoicing)."""
    channel = _PEPPOL if electronic_invoice else "par courrier ou par courrier électronique"
    return f"""
# Demande de prix – fournitures
{_NOTICE}{_AUTHORITY}
## 2. Objet du marché

Le marché porte sur la fourniture de [description], livrée à [lieu de livraison], selon
les quantités et spécifications du bordereau de prix annexé. Référence du marché :
[référence]. Montant estimé : [montant] € HTVA.
{_PROCEDURE}
## 4. Spécifications techniques

- [poste 1 : description, normes, marque ou équivalent] ;
- [poste 2] ;
- garantie minimale : [deux ans pièces et main-d'œuvre].

Toute marque citée s'entend « ou équivalent » ; le soumissionnaire qui propose un produit
équivalent joint la fiche technique qui le démontre.

## 5. Contenu de l'offre

L'offre complète le bordereau de prix : prix unitaire HTVA, quantité, total HTVA, TVA et
total TVAC. Les prix comprennent l'emballage, le transport et la livraison [et le
montage]. Elle indique aussi le délai de livraison en jours ouvrables, la durée de la
garantie, le numéro d'entreprise (BCE) et joint les fiches techniques.
{_SUBMISSION.format(number=6)}{_AWARD.format(number=7, criteria=_SUPPLY_CRITERIA)}
## 8. Livraison et réception

La livraison a lieu à [adresse], les jours ouvrables de [heure] à [heure], au plus tard
[nombre] jours ouvrables après la réception du bon de commande. Le fournisseur prévient
[nom, téléphone] vingt-quatre heures à l'avance. Les fournitures non conformes sont
refusées et remplacées à ses frais dans les [nombre] jours ouvrables.
{_INVOICING.format(number=9, channel=channel, accepted="la livraison",
                   accepted_verb="acceptée")}{_PRICE_LIST}{INDICATIVE_END}"""


SERVICES = f"""
# Demande de prix – services
{_NOTICE}{_AUTHORITY}
## 2. Objet du marché

Le marché porte sur [description du service : entretien d'espaces verts, nettoyage de
locaux, maintenance informatique, formation, …], à exécuter à [lieu] du [date] au [date].
Référence du marché : [référence]. Montant estimé : [montant] € HTVA.
{_PROCEDURE}
## 4. Description des prestations

- [prestation 1 : contenu, fréquence, résultat attendu] ;
- [prestation 2] ;
- [qualifications ou certifications exigées du personnel, références similaires].

Le prestataire exécute les services avec son propre personnel, qui reste sous sa seule
autorité. Dans les locaux du pouvoir adjudicateur, il respecte les consignes de sécurité
et le règlement intérieur qui lui sont communiqués.

## 5. Contenu de l'offre

L'offre complète le bordereau de prix (forfait ou prix unitaires par heure ou par
intervention, HTVA, TVA et TVAC), frais de déplacement compris. Elle joint un planning,
la description de la méthode proposée, les références utiles et le numéro d'entreprise
(BCE).
{_SUBMISSION.format(number=6)}{_AWARD.format(number=7, criteria=_SERVICE_CRITERIA)}
## 8. Exécution

Chaque intervention fait l'objet d'un rapport ou d'un relevé des prestations signé par
[nom, fonction]. En cas de prestation non conforme, le pouvoir adjudicateur met le
prestataire en demeure d'y remédier dans les [nombre] jours ouvrables ; à défaut, il
peut faire exécuter les prestations par un tiers aux frais du prestataire.

Le prestataire est couvert par une assurance de responsabilité civile et, pour son
personnel, par une assurance contre les accidents du travail ; il en remet l'attestation
sur demande.

Si les prestations impliquent le traitement de données à caractère personnel pour le
compte du pouvoir adjudicateur, un contrat de sous-traitance conforme à l'article 28 du
RGPD est signé avant le début des prestations.
{_INVOICING.format(number=9, channel=_PEPPOL, accepted="la prestation",
                   accepted_verb="acceptée")}{_PRICE_LIST}{INDICATIVE_END}"""

TRAVAUX = f"""
# Demande de prix – petits travaux
{_NOTICE}{_AUTHORITY}
## 2. Objet du marché

Le marché porte sur les travaux suivants : [description : remplacement de châssis,
réfection de toiture, peinture de locaux, aménagement de trottoir, …], à [adresse du
chantier]. Référence du marché : [référence]. Montant estimé : [montant] € HTVA.
{_PROCEDURE}
## 4. Description des travaux

- [poste 1 : description, quantité présumée, unité (m², m, pièce), matériaux] ;
- [poste 2] ;
- évacuation des déchets vers une filière autorisée et nettoyage du chantier.

Documents joints : [plans, photos, métré].

## 5. Visite des lieux

Une visite des lieux est [obligatoire / recommandée] le [date] à [heure], au [lieu de
rendez-vous] ; contact : [nom, téléphone].

## 6. Contenu de l'offre

L'offre complète le métré (prix unitaires et totaux par poste, HTVA, TVA au taux
applicable et TVAC). Elle indique le délai d'exécution en jours ouvrables et le numéro
d'entreprise (BCE), et justifie de l'accès à la profession lorsqu'il est requis.
{_SUBMISSION.format(number=7)}{_AWARD.format(number=8, criteria=_WORKS_CRITERIA)}
Avant de conclure le marché et avant chaque paiement, le pouvoir adjudicateur vérifie si
l'entrepreneur a des dettes sociales ou fiscales (obligation de retenue, article 30bis de
la loi du 27 juin 1969 et article 403 du Code des impôts sur les revenus 1992).

## 9. Exécution du chantier

Les travaux commencent à la date convenue, au plus tard [nombre] jours après la
réception du bon de commande, et durent [nombre] jours ouvrables. L'entrepreneur
respecte la réglementation sur les chantiers temporaires ou mobiles (arrêté royal du 25
janvier 2001) et les instructions du coordinateur sécurité-santé lorsqu'il y en a un. Il
obtient les autorisations de signalisation sur la voie publique et protège les
ouvrages existants.

## 10. Réception et garantie

La fin des travaux est constatée par un procès-verbal de réception, qui mentionne les
éventuelles remarques, levées aux frais de l'entrepreneur. Le délai de garantie est d'[un
an] à compter de la réception, sans préjudice de la responsabilité décennale de
l'entrepreneur.

L'entrepreneur est couvert par une assurance de responsabilité civile et, pour son
personnel, contre les accidents du travail ; il en remet l'attestation sur demande.
{_INVOICING.format(number=11, channel=_PEPPOL, accepted="la réception",
                   accepted_verb="prononcée")}{_PRICE_LIST}{INDICATIVE_END}"""

COMPARAISON = f"""
# Procès-verbal de comparaison des offres – marché de faible montant
{_NOTICE}
Pouvoir adjudicateur : [ … ]. Objet du marché : [ … ]. Référence : [ … ]. Montant
estimé : [ … ] € HTVA.

## Opérateurs consultés

- [opérateur 1] – demande envoyée le [date] – offre reçue le [date] / pas d'offre ;
- [opérateur 2] – demande envoyée le [date] – offre reçue le [date] / pas d'offre ;
- [opérateur 3] – demande envoyée le [date] – offre reçue le [date] / pas d'offre.

## Régularité des offres

[Les offres sont complètes et conformes à la demande de prix. / L'offre de [ … ] est
irrégulière parce que [ … ].]

## Comparaison

- [opérateur 1] : [total] € HTVA – délai : [ … ] – points : [ … ] ;
- [opérateur 2] : [total] € HTVA – délai : [ … ] – points : [ … ].

## Proposition

Il est proposé d'attribuer le marché à [opérateur], pour [montant] € HTVA, soit
[montant] € TVAC, auteur de l'offre régulière économiquement la plus avantageuse. Crédit
disponible : article budgétaire [ … ].

Établi à [lieu], le [date], par [nom, fonction]. Signature : [ … ]
{INDICATIVE_END}"""
