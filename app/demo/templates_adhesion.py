"""The model decision of a body's deciding authority to join the platform,
a demo template in the markup of `app.documents.office`, marked "modèle indicatif"."""
from __future__ import annotations

from app.documents.conventions.clauses import INDICATIVE_END

ADHESION = f"""
# Délibération type – adhésion à l'e-plateforme supra-communale

> Modèle indicatif : à adapter à votre situation ; il ne constitue pas un avis
juridique. Vérifiez l'organe compétent selon vos règles internes (collège communal,
conseil de l'action sociale ou son bureau permanent, collège de police ou de zone).

Séance du [date]. Présents : [ … ].

Objet : adhésion de [institution] à l'e-plateforme supra-communale de la Province de
Luxembourg et désignation d'un référent.

Le [collège communal / conseil de l'action sociale / …],

Vu le Code de la démocratie locale et de la décentralisation ;

Considérant que la Province de Luxembourg met gratuitement à la disposition des pouvoirs
locaux de son territoire une plateforme d'entraide, l'e-plateforme supra-communale, où
publier des demandes et des offres de soutien humain, de prêt de matériel et
d'expertise, télécharger des modèles de documents et adhérer aux centrales d'achats
provinciales ;

Considérant que l'adhésion est gratuite et n'engage [institution] à aucune commande ni à
aucune prestation ; que chaque mise à disposition de personnel ou prêt de matériel fera
l'objet d'une décision et d'une convention distinctes ;

Considérant que la plateforme demande la désignation d'un référent, interlocuteur du
gestionnaire de la plateforme, chargé d'inviter les agents de l'institution ;

Considérant que les coordonnées professionnelles du référent ne sont visibles par les
autres adhérents que s'il y consent ;

DÉCIDE :

Article 1er. D'adhérer à l'e-plateforme supra-communale de la Province de Luxembourg.

Article 2. De désigner [nom], [fonction], en qualité de référent.

Article 3. De charger le référent de l'inscription en ligne de l'institution, de
l'invitation des agents concernés et de la mise à jour des comptes.

Article 4. De transmettre la présente délibération au gestionnaire de la plateforme.

Par le [collège], le Directeur général / la Directrice générale, [nom] ; le [Bourgmestre
/ Président(e)], [nom].
{INDICATIVE_END}"""
