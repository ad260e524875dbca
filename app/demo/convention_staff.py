"""The convention of staff made available between local public bodies of
Wallonia, one of the two genuine demo templates written for the platform.
A usable text in the markup of `app.demo.office`, marked "modèle
indicatif"."""
from __future__ import annotations

from app.demo.convention_equipment import DISPUTES, INDICATIVE_END, PARTY, SIGNATURE

PERSONNEL = f"""
# Convention de mise à disposition de personnel entre pouvoirs locaux

> Modèle indicatif, proposé par l'e-plateforme supra-communale de la Province de
Luxembourg : à adapter à votre situation ; il ne constitue pas un avis juridique. Les
passages entre crochets [ ] sont à compléter ou à choisir. Vérifiez au préalable les
conditions et formalités de la mise à disposition selon que l'agent est contractuel
(la loi du 24 juillet 1987 peut imposer une autorisation ou une information préalable
de l'inspection du Contrôle des lois sociales) ou statutaire (statut administratif de
l'institution d'origine), et faites relire la convention par votre directeur général.

## Entre les parties
{PARTY.format(side="D'une part", name="l'institution d'origine")}
{PARTY.format(side="D'autre part", name="l'institution d'accueil")}
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
[M. / Mme] [nom et prénom], [grade ou fonction], engagé(e) [sous contrat de travail / à
titre statutaire] à [temps plein / temps partiel], ci-après « l'agent ».

L'agent a donné son accord écrit à la présente mise à disposition (voir « Accord de
l'agent » à la fin de la convention). Aucune mise à disposition n'a lieu sans cet
accord.

## Article 2 – Durée

La mise à disposition prend cours le [date] et prend fin le [date], sauf fin anticipée
prévue à l'article 10.

Elle peut être prolongée, pour une durée déterminée, par un avenant écrit signé par les
deux parties et par l'agent, au plus tard [quinze] jours avant son terme.

Le volume des prestations est de [nombre] [jours / demi-journées / heures] par [semaine
/ mois]. Le reste de son temps de travail, l'agent le preste pour l'institution
d'origine.

## Article 3 – Missions

Pendant la mise à disposition, l'agent exerce les missions suivantes au sein de [service
de l'institution d'accueil] :

- [mission 1, par exemple : accueil au guichet population et état civil] ;
- [mission 2, par exemple : préparation des actes et des documents d'identité] ;
- [mission 3].

Ces missions correspondent à la qualification et au grade de l'agent. Elles ne peuvent
être modifiées qu'avec l'accord des deux parties et de l'agent.

L'institution d'accueil désigne [nom, fonction, téléphone] comme personne de contact,
chargée de l'encadrement quotidien de l'agent.

## Article 4 – Lieu de travail et horaires

L'agent preste ses services à [adresse du lieu de travail], selon l'horaire suivant :
[jours et heures].

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

[Option A – entraide gratuite] La mise à disposition est consentie à titre gratuit.

[Option B – remboursement] L'institution d'accueil rembourse à l'institution d'origine
le coût salarial des prestations effectuées pour elle : rémunération brute, cotisations
patronales, pécule de vacances et prime de fin d'année au prorata des prestations [et,
le cas échéant, les frais de formation ou d'équipement propres à la mission]. L'institution
d'origine adresse [chaque mois / chaque trimestre] une déclaration de créance détaillée,
accompagnée du relevé des prestations ; elle est payée dans les trente jours de sa
réception.

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
{DISPUTES}
## Article 13 – Dispositions finales

La présente convention ne peut être modifiée que par un avenant écrit signé par les deux
parties et, pour ce qui le concerne, par l'agent. Une copie est remise à l'agent.

Fait à [lieu], le [date], en deux exemplaires originaux, chaque partie reconnaissant
avoir reçu le sien.

## Signatures
{SIGNATURE.format(name="l'institution d'origine")}
{SIGNATURE.format(name="l'institution d'accueil")}
## Accord de l'agent

Je soussigné(e) [nom et prénom], [grade ou fonction] à [institution d'origine], déclare
avoir pris connaissance de la présente convention, en particulier de mes missions, de
mon lieu de travail et de mes horaires, et marque mon accord sur ma mise à disposition
de [institution d'accueil] aux conditions qu'elle prévoit.

Fait à [lieu], le [date]. Signature de l'agent : ……………………………………
{INDICATIVE_END}"""
