"""The convention of equipment lent between local public bodies, one of
the platform's two own texts (the other is in `staff`): blank, a demo
template; filled with a collaboration's facts, the convention offered for
download. In the markup of `app.documents.office`, marked "modèle
indicatif"."""
from __future__ import annotations

from app.documents.conventions import clauses
from app.documents.conventions.facts import BLANK, ConventionFacts, blank, plain
from app.models.collaboration import CostTerms

LENDER, BORROWER = "le prêteur", "l'emprunteur"

_TEXT = """
# Convention de prêt de matériel entre pouvoirs locaux
{reference}
> Modèle indicatif, proposé par l'e-plateforme supra-communale de la Province de
Luxembourg : à adapter à votre situation ; il ne constitue pas un avis juridique. Les
passages entre crochets [ ] sont à compléter ou à choisir. Pour un véhicule ou un engin,
faites vérifier les articles 6 et 7 par votre assureur.

## Entre les parties
{provider_party}
{beneficiary_party}
Vu le Code de la démocratie locale et de la décentralisation ;

Vu les articles 1875 et suivants de l'ancien Code civil, relatifs au prêt à usage ;

Considérant que l'emprunteur a besoin, pour [motif : manifestation, chantier,
remplacement d'un matériel en panne, …], du matériel décrit ci-dessous et que le
prêteur peut s'en passer pendant la durée du prêt ;

Considérant que ce prêt s'inscrit dans l'entraide entre pouvoirs locaux organisée par
l'e-plateforme supra-communale de la Province de Luxembourg ;

Il est convenu ce qui suit.

## Article 1 – Description du matériel

Le prêteur prête à l'emprunteur, qui l'accepte, le matériel suivant :

- désignation : {description} ;
- marque, modèle et année : [ … ] ;
- numéro de série, d'inventaire ou d'immatriculation : [ … ] ;
- quantité : {quantity} ;
- accessoires et documents remis : [bâches, sangles, clés, mode d'emploi, attestation
  de contrôle, certificat d'immatriculation, carte d'assurance, …] ;
- valeur de remplacement convenue : [montant] euros TVAC.

Le matériel reste la propriété du prêteur. L'emprunteur ne peut ni le prêter, ni le
louer, ni le céder à un tiers.

## Article 2 – Durée

Le prêt est consenti du {start} au {end}.

Il peut être prolongé par un accord écrit des parties (un courrier électronique suffit),
demandé par l'emprunteur au moins [trois] jours ouvrables avant son terme.

En cas de besoin urgent et imprévu, le prêteur peut demander la restitution anticipée du
matériel moyennant un préavis de [quarante-huit heures] ; l'emprunteur ne peut en
réclamer aucune indemnité.

## Article 3 – État des lieux

Un état des lieux contradictoire est dressé à la remise du matériel, sur la fiche jointe
en annexe : état général, défauts visibles, accessoires, compteur (kilomètres ou
heures), niveau de carburant et, au besoin, photos datées. Il est signé par un
représentant de chaque partie.

Un état des lieux de sortie est dressé de la même manière à la restitution. À défaut
d'état des lieux d'entrée, le matériel est présumé remis en bon état de fonctionnement.

## Article 4 – Enlèvement, transport et montage

L'emprunteur enlève et ramène le matériel à ses frais et sous sa responsabilité, à
[adresse du dépôt du prêteur], aux jours et heures convenus{schedule} avec [nom et téléphone du
responsable chez le prêteur].

[Variante : le prêteur livre et reprend le matériel ; les frais de transport s'élèvent à
[montant] euros / restent à sa charge.]

L'emprunteur charge, arrime et transporte le matériel dans le respect des règles de
sécurité et du code de la route. Le montage et le démontage sont assurés par
[l'emprunteur / le prêteur] selon les instructions du fabricant.

## Article 5 – Usage conforme

L'emprunteur utilise le matériel de manière prudente et raisonnable, conformément à sa
destination, aux instructions du fabricant et aux consignes du prêteur, exclusivement
pour [usage prévu] et à {place}.

Seuls des membres du personnel de l'emprunteur formés à cet usage et, lorsque c'est
requis, titulaires du permis de conduire ou de l'attestation de compétence nécessaires,
utilisent le matériel.

L'emprunteur assure l'entretien courant pendant le prêt (nettoyage, carburant,
vérifications journalières). Il n'effectue aucune réparation ni modification sans
l'accord préalable du prêteur.

## Article 6 – Assurances

Le prêteur maintient pendant le prêt l'assurance dont le matériel fait l'objet, le cas
échéant [bris de machine / omnium / incendie], police n° [ … ] auprès de [assureur].
Pour un véhicule immatriculé, l'assurance obligatoire de responsabilité civile
automobile reste celle du prêteur ; les parties vérifient que les conducteurs de
l'emprunteur sont couverts par cette police.

L'emprunteur couvre par sa police de responsabilité civile les dommages causés à des
tiers par l'usage du matériel pendant le prêt et en remet une attestation au prêteur sur
simple demande.

Chaque partie informe son assureur du prêt lorsque sa police l'exige.

## Article 7 – Responsabilité en cas de dommage, de perte ou de vol

De la remise à la restitution, l'emprunteur a la garde du matériel. Il répond de sa
perte, de son vol et des dommages qu'il subit, sauf usure normale, vice propre du
matériel ou force majeure, dont il apporte la preuve.

L'emprunteur signale tout dommage, panne, perte ou vol au prêteur dans les vingt-quatre
heures. En cas de vol ou de dégradation par un tiers, il dépose plainte auprès de la
police dans le même délai et en remet une copie au prêteur.

Les réparations sont faites par le prêteur ou par le réparateur qu'il désigne, aux frais
de l'emprunteur, sur présentation de la facture. Si le matériel est perdu, volé ou
irréparable, l'emprunteur paie la valeur de remplacement convenue à l'article 1,
déduction faite de l'indemnité versée par l'assureur du prêteur. [Option : la franchise
de cette assurance est à charge de l'emprunteur.]

Le prêteur déclare que le matériel est en bon état de fonctionnement et que ses
contrôles périodiques obligatoires sont à jour. Il signale à l'emprunteur tout défaut
connu et répond des dommages causés par un défaut qu'il connaissait et n'a pas signalé.

## Article 8 – Restitution

L'emprunteur restitue le matériel au terme du prêt, au lieu prévu à l'article 4, propre,
avec tous ses accessoires et documents [et le réservoir plein].

En cas de retard non autorisé, l'emprunteur supporte les frais que le prêteur expose
pour se procurer un matériel de remplacement [et une indemnité de [montant] euros par
jour de retard].

Le matériel restitué sale ou incomplet est nettoyé ou complété aux frais de
l'emprunteur.

## Article 9 – Gratuité ou indemnité

{indemnity}

## Article 10 – Litiges
{disputes}
Fait à [lieu], le [date], en deux exemplaires originaux, chaque partie reconnaissant
avoir reçu le sien.

## Signatures
{provider_signature}
{beneficiary_signature}
## Annexe – Fiche d'état des lieux

- Matériel : {items}.
- Remise le {start} à [lieu] – compteur : [ … ] – carburant : [ … ] – état et
  défauts constatés : [ … ] – accessoires remis : [ … ] – pour le prêteur : [nom et
  signature] – pour l'emprunteur : [nom et signature].
- Restitution le {end} à [lieu] – compteur : [ … ] – carburant : [ … ] – état
  et défauts constatés : [ … ] – accessoires restitués : [ … ] – pour le prêteur : [nom
  et signature] – pour l'emprunteur : [nom et signature].
{indicative_end}"""

_FREE = """Le prêt est consenti à titre gratuit, dans un esprit
d'entraide entre pouvoirs locaux. Seuls les frais prévus aux articles 4, 7 et 8 restent,
le cas échéant, à charge de l'emprunteur."""
_FEE = """L'emprunteur verse au prêteur une indemnité de {amount} par
{period}, destinée à couvrir l'usure et l'entretien du matériel, payable
dans les trente jours de la réception de la déclaration de créance. Le contrat devient
alors une location et non plus un prêt à usage : les parties vérifient les règles qui
s'y appliquent, notamment la loi du 17 juin 2016 relative aux marchés publics
(coopération entre pouvoirs adjudicateurs)."""
_COSTS = """L'emprunteur rembourse au prêteur les frais réels exposés pour le prêt
([entretien, consommables, carburant, …]), sur présentation d'une déclaration de créance
détaillée, dans les trente jours de sa réception. Les frais prévus aux articles 4, 7 et 8
restent, le cas échéant, à charge de l'emprunteur."""


def _indemnity(facts: ConventionFacts) -> str:
    """Article 9 as agreed on the platform; both options when not known."""
    if facts.cost_terms == CostTerms.GRATUIT:
        return _FREE
    if facts.cost_terms == CostTerms.FRAIS:
        return _COSTS
    if facts.cost_terms == CostTerms.TARIF:
        return _FEE.format(amount=blank(facts.daily_rate, "[montant] euros"), period="jour")
    fee = _FEE.format(amount="[montant] euros", period="[jour / semaine / prêt]")
    return f"[Option A – prêt gratuit] {_FREE}\n\n[Option B – indemnité] {fee}"


def _moment(day: str | None) -> str:
    """A day of the platform; the hour of handing over is agreed later."""
    return f"{day} [heure]" if day else "[date et heure]"


def _items(facts: ConventionFacts) -> str:
    """The equipment as the annex's inspection sheet names it."""
    if not facts.description:
        return "[désignation, numéro de série ou d'inventaire]"
    quantity = f" (quantité : {facts.quantity})" if facts.quantity else ""
    return f"{plain(facts.description)}{quantity}, [numéro de série ou d'inventaire]"


def equipment_convention(facts: ConventionFacts = BLANK) -> str:
    """The convention's markup, pre-filled with what the platform knows;
    what it does not (serial numbers, insurance, signatories) stays a
    visible blank."""
    example = ("[par exemple : remorque plateau, 20 barrières Nadar, podium mobile, tente de "
               "réception de 6 m sur 12 m]")
    return _TEXT.format(
        reference=clauses.reference(facts),
        provider_party=clauses.party("D'une part", LENDER, facts.provider),
        beneficiary_party=clauses.party("D'autre part", BORROWER, facts.beneficiary),
        description=blank(facts.description, example),
        quantity=blank(facts.quantity, "[ … ]"),
        start=_moment(facts.start),
        end=_moment(facts.end),
        schedule=f" ({plain(facts.schedule)})" if facts.schedule else "",
        place=blank(facts.place, "[lieu d'utilisation]"),
        indemnity=_indemnity(facts),
        disputes=clauses.DISPUTES,
        provider_signature=clauses.signature(LENDER, facts.provider),
        beneficiary_signature=clauses.signature(BORROWER, facts.beneficiary),
        items=_items(facts),
        indicative_end=clauses.INDICATIVE_END,
    )
