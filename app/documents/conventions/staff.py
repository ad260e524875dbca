"""The convention of staff made available between local public bodies of
Wallonia, one of the platform's two own texts: blank, a demo template;
filled with a collaboration's facts, the convention offered for download.
In the markup of `app.documents.office`, marked "modèle indicatif"."""
from __future__ import annotations

from app.documents.conventions import clauses
from app.documents.conventions.facts import BLANK, ConventionFacts, blank, plain
from app.models.collaboration import CostTerms

ORIGIN, HOST = "l'institution d'origine", "l'institution d'accueil"

_TEXT = """
# Convention de mise à disposition de personnel entre pouvoirs locaux
{reference}
> Modèle indicatif, proposé par l'e-plateforme supra-communale de la Province de
Luxembourg : à adapter à votre situation ; il ne constitue pas un avis juridique. Les
passages entre crochets [ ] sont à compléter ou à choisir. Vérifiez au préalable les
conditions et formalités de la mise à disposition selon que l'agent est contractuel
(la loi du 24 juillet 1987 peut imposer une autorisation ou une information préalable
de l'inspection du Contrôle des lois sociales) ou statutaire (statut administratif de
l'institution d'origine), et faites relire la convention par votre directeur général.

## Entre les parties
{provider_party}
{beneficiary_party}
Vu le Code de la démocratie locale et de la décentralisation ;

Vu, le cas échéant, la loi organique des centres publics d'action sociale du 8 juillet
1976 ;

Vu la loi du 24 juillet 1987 sur le travail temporaire, le travail intérimaire et la
mise de travailleurs à la disposition d'utilisateurs ;

Vu la loi du 4 août 1996 relative au bien-être des travailleurs lors de l'exécution de
leur travail ;

Vu le règlement (UE) 2016/679 du 27 avril 2016, règlement général sur la protection des
données (RGPD) ;

Considérant que l'institution d'accueil fait face à [un besoin temporaire : absence de
longue durée, surcroît de travail, emploi vacant en cours de recrutement, …] et que
l'institution d'origine peut y répondre sans nuire au bon fonctionnement de ses propres
services ;

Considérant que cette entraide s'inscrit dans l'e-plateforme supra-communale de la
Province de Luxembourg ;

Il est convenu ce qui suit.

## Article 1 – Objet

L'institution d'origine met à la disposition de l'institution d'accueil, qui l'accepte,
{agents}

L'agent a donné son accord écrit à la présente mise à disposition (voir « Accord de
l'agent » à la fin de la convention). Aucune mise à disposition n'a lieu sans cet
accord.

## Article 2 – Durée

La mise à disposition prend cours le {start} et prend fin le {end}, sauf fin anticipée
prévue à l'article 10.

Elle peut être prolongée, pour une durée déterminée, par un avenant écrit signé par les
deux parties et par l'agent, au plus tard [quinze] jours avant son terme.

{volume} Le reste de son temps de travail, l'agent le preste pour l'institution
d'origine.

## Article 3 – Missions

Pendant la mise à disposition, l'agent exerce les missions suivantes au sein de [service
de l'institution d'accueil] :

{missions}

Ces missions correspondent à la qualification et au grade de l'agent. Elles ne peuvent
être modifiées qu'avec l'accord des deux parties et de l'agent.

L'institution d'accueil désigne [nom, fonction, téléphone] comme personne de contact,
chargée de l'encadrement quotidien de l'agent.

## Article 4 – Lieu de travail et horaires

L'agent preste ses services à {place}, selon l'horaire suivant :
{schedule}.

L'horaire respecte le régime de travail de l'agent et les limites de durée du travail
qui lui sont applicables. Les heures supplémentaires ne sont prestées qu'à titre
exceptionnel, à la demande écrite de l'institution d'accueil et avec l'accord de
l'institution d'origine ; elles sont récupérées ou rémunérées selon les règles de
l'institution d'origine.

Les congés sont demandés à l'institution d'origine, qui les accorde après avoir pris
l'avis de l'institution d'accueil. En cas d'absence (maladie, accident, force majeure),
l'agent prévient le jour même les deux institutions ; le certificat médical est adressé
à l'institution d'origine, qui en informe l'institution d'accueil.

## Article 5 – Lien de subordination pendant la mise à disposition

L'institution d'origine reste l'employeur de l'agent pendant toute la durée de la mise à
disposition. Elle conserve l'autorité de l'employeur, notamment le pouvoir disciplinaire,
l'évaluation, la gestion de la carrière, des congés et de la rémunération.

L'institution d'accueil donne à l'agent les instructions nécessaires à l'exécution des
missions de l'article 3 : organisation du travail, horaires, sécurité et bien-être,
procédures internes du service. Ces instructions restent dans les limites que fixe la
réglementation sur la mise de travailleurs à la disposition d'utilisateurs ; elles ne
portent pas sur les éléments de la relation de travail réservés à l'employeur.

L'institution d'accueil signale sans délai à l'institution d'origine tout manquement ou
toute difficulté ; seule l'institution d'origine peut en tirer des conséquences à
l'égard de l'agent.

L'agent conserve tous ses droits statutaires ou contractuels, son ancienneté et ses
droits à l'avancement, comme s'il exerçait ses fonctions au sein de l'institution
d'origine.

## Article 6 – Rémunération et remboursement des frais

L'institution d'origine continue de payer à l'agent sa rémunération et ses avantages
(traitement, allocations, pécule de vacances, prime de fin d'année, chèques-repas le cas
échéant).

{remuneration}

Les frais de déplacement de l'agent entre son lieu de travail habituel et le lieu de
prestation, ainsi que ses déplacements de service, lui sont remboursés par
[l'institution d'origine / l'institution d'accueil] selon les règles et le taux de
l'indemnité kilométrique applicables au sein de l'institution d'origine. [Le cas
échéant : ces frais sont refacturés à l'institution d'accueil.]

## Article 7 – Bien-être au travail

Pendant les prestations, l'institution d'accueil assure la sécurité et la santé de
l'agent comme pour son propre personnel : accueil, information sur les risques du poste
et les consignes, équipements de protection et outils de travail adaptés.

La surveillance de la santé (médecine du travail) reste organisée par l'institution
d'origine. L'institution d'accueil lui communique les risques propres au poste.

## Article 8 – Assurances

Accidents du travail : l'agent reste couvert par l'institution d'origine, selon le régime
qui lui est applicable (loi du 10 avril 1971 sur les accidents du travail, ou loi du 3
juillet 1967 sur la prévention ou la réparation des dommages résultant des accidents du
travail, des accidents survenus sur le chemin du travail et des maladies
professionnelles dans le secteur public). L'institution d'origine informe son assureur
ou son service compétent de la mise à disposition avant qu'elle prenne cours.
L'institution d'accueil lui signale sans délai tout accident survenu pendant les
prestations ou sur le chemin du travail et lui fournit les informations nécessaires à la
déclaration.

Responsabilité civile : les dommages causés à des tiers par l'agent dans l'exercice des
missions confiées par l'institution d'accueil sont couverts par la police de
responsabilité civile de l'institution d'accueil, qui en informe son assureur. L'agent
bénéficie du régime de la loi du 10 février 2003 relative à la responsabilité des et
pour les membres du personnel au service des personnes publiques.

Véhicules : un véhicule de service de l'institution d'accueil confié à l'agent est
assuré par l'institution d'accueil. Si l'agent utilise son véhicule personnel pour le
service, les parties vérifient qu'il est couvert par la police « mission » de
l'institution qui rembourse les frais.

## Article 9 – Confidentialité et protection des données

L'agent est tenu au secret professionnel et au devoir de discrétion pour tout ce dont il
a connaissance dans ses missions, pendant la mise à disposition et après celle-ci.

Pour les traitements de données à caractère personnel effectués dans les missions de
l'article 3, l'institution d'accueil est responsable du traitement. L'agent agit sous
son autorité et ne traite ces données que sur ses instructions (article 29 du RGPD).
L'institution d'accueil lui ouvre les seuls accès nécessaires, les ferme à la fin de la
mise à disposition et l'informe des règles de sécurité de l'information.

Les parties n'échangent que les données de l'agent nécessaires à l'exécution de la
convention (identité, prestations, absences, accidents) et les conservent pendant la
durée de la convention augmentée des délais légaux de conservation des pièces comptables
et de personnel. L'agent est informé de ces échanges et peut exercer ses droits auprès
du délégué à la protection des données de chaque partie : [coordonnées des deux DPO].

## Article 10 – Fin anticipée

Chaque partie peut mettre fin à la mise à disposition moyennant un préavis de [quinze]
jours calendrier, notifié à l'autre partie par courrier recommandé ou par courrier
électronique avec accusé de réception ; l'agent en est informé en même temps.

La mise à disposition prend fin de plein droit lorsque l'agent cesse d'être au service
de l'institution d'origine. Elle prend fin moyennant le même préavis lorsque l'agent
retire son accord, et sans préavis en cas de manquement grave d'une partie à ses
obligations, après une mise en demeure restée sans suite pendant huit jours.

Les remboursements prévus à l'article 6 restent dus jusqu'au dernier jour de prestation.

## Article 11 – Suivi

L'institution d'accueil transmet chaque mois à l'institution d'origine le relevé des
prestations de l'agent. À la fin de la mise à disposition, la personne de contact de
l'article 3 remet à l'institution d'origine un avis écrit sur les prestations de
l'agent, dont celle-ci peut tenir compte dans son évaluation.

## Article 12 – Litiges
{disputes}
## Article 13 – Dispositions finales

La présente convention ne peut être modifiée que par un avenant écrit signé par les deux
parties et, pour ce qui le concerne, par l'agent. Une copie est remise à l'agent.

Fait à [lieu], le [date], en deux exemplaires originaux, chaque partie reconnaissant
avoir reçu le sien.

## Signatures
{provider_signature}
{beneficiary_signature}
## Accord de l'agent

Je soussigné(e) [nom et prénom], [grade ou fonction] {at_provider}, déclare
avoir pris connaissance de la présente convention, en particulier de mes missions, de
mon lieu de travail et de mes horaires, et marque mon accord sur ma mise à disposition
{of_beneficiary} aux conditions qu'elle prévoit.

Fait à [lieu], le [date]. Signature de l'agent : ……………………………………
{indicative_end}"""

_FREE = "La mise à disposition est consentie à titre gratuit."
_INVOICE = """L'institution d'origine adresse [chaque mois / chaque trimestre] une
déclaration de créance détaillée, accompagnée du relevé des prestations ; elle est payée
dans les trente jours de sa réception."""
_SALARY_COST = f"""L'institution d'accueil rembourse à l'institution d'origine
le coût salarial des prestations effectuées pour elle : rémunération brute, cotisations
patronales, pécule de vacances et prime de fin d'année au prorata des prestations [et,
le cas échéant, les frais de formation ou d'équipement propres à la mission]. {_INVOICE}"""


def _agents(facts: ConventionFacts) -> str:
    """Article 1 names one agent; for several, each is named the same way."""
    agent = """[M. / Mme] [nom et prénom], [grade ou fonction], engagé(e) [sous contrat de
travail / à titre statutaire] à [temps plein / temps partiel]"""
    if facts.quantity in (None, 1):
        return f"{agent}, ci-après « l'agent »."
    return f"""{facts.quantity} agents, chacun ci-après « l'agent » : {agent} ; [mêmes mentions
pour chacun des {facts.quantity} agents]."""


def _volume(facts: ConventionFacts) -> str:
    """The days planned on the platform are a total over the whole period."""
    volume = "[nombre] [jours / demi-journées / heures] par [semaine / mois]"
    if facts.days_planned is not None:
        plural = "s" if facts.days_planned > 1 else ""
        volume = f"{facts.days_planned} jour{plural} au total sur la durée de la mise à disposition"
    return f"Le volume des prestations est de {volume}."


def _missions(facts: ConventionFacts) -> str:
    if not facts.description:
        return """- [mission 1, par exemple : accueil au guichet population et état civil] ;
- [mission 2, par exemple : préparation des actes et des documents d'identité] ;
- [mission 3]."""
    return f"- {plain(facts.description)} ;\n- [autres missions, le cas échéant]."


def _remuneration(facts: ConventionFacts) -> str:
    """Article 6 as agreed on the platform; both options when not known."""
    if facts.cost_terms == CostTerms.GRATUIT:
        return _FREE
    if facts.cost_terms == CostTerms.FRAIS:
        return _SALARY_COST
    if facts.cost_terms == CostTerms.TARIF:
        rate = blank(facts.daily_rate, "[montant]")
        return f"""L'institution d'accueil paie à l'institution d'origine un tarif journalier
de {rate} par jour de prestation. {_INVOICE}"""
    return f"""[Option A – entraide gratuite] {_FREE}

[Option B – remboursement] {_SALARY_COST}"""


def staff_convention(facts: ConventionFacts = BLANK) -> str:
    """The convention's markup, pre-filled with what the platform knows;
    what it does not (the agent, the signatories) stays a visible blank."""
    return _TEXT.format(
        reference=clauses.reference(facts),
        provider_party=clauses.party("D'une part", ORIGIN, facts.provider),
        beneficiary_party=clauses.party("D'autre part", HOST, facts.beneficiary),
        agents=_agents(facts),
        start=blank(facts.start, "[date]"),
        end=blank(facts.end, "[date]"),
        volume=_volume(facts),
        missions=_missions(facts),
        place=blank(facts.place, "[adresse du lieu de travail]"),
        schedule=blank(facts.schedule, "[jours et heures]"),
        remuneration=_remuneration(facts),
        disputes=clauses.DISPUTES,
        provider_signature=clauses.signature(ORIGIN, facts.provider),
        beneficiary_signature=clauses.signature(HOST, facts.beneficiary),
        at_provider=clauses.named(facts.provider, "à", "[institution d'origine]"),
        of_beneficiary=clauses.named(facts.beneficiary, "de", "[institution d'accueil]"),
        indicative_end=clauses.INDICATIVE_END,
    )
