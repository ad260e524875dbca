"""The supra-communal missions of the demo, written from the facts of
`reference/missions.md` (Belgian regional press, 2023-2026). Each says it is
illustrative; the official rules of the Province prevail."""
from __future__ import annotations

from dataclasses import dataclass

ILLUSTRATIVE = ("> **Contenu illustratif de démonstration.** Les montants et les dates "
                "reprennent des informations parues dans la presse régionale ; seuls les "
                "règlements et décisions officiels de la Province font foi.\n\n")
SUPPORT, PURCHASING, FUNDING, ENVIRONMENT = (
    "Soutien aux pouvoirs locaux", "Achats publics", "Financements",
    "Environnement et cours d'eau")
CELL = ("Cellule supracommunale – Province de Luxembourg",
        "supracommunalite@province.example", "063 00 00 10")
TECHNICAL = ("Services techniques provinciaux", "services.techniques@province.example",
             "063 00 00 20")
FINANCE = ("Service des relations avec les communes", "fonds.communaux@province.example",
           "063 00 00 30")
NATURE = ("Service provincial de l'environnement", "environnement@province.example",
          "063 00 00 40")
PURCHASES = ("Service des marchés publics – centrales d'achats",
             "centrales.achats@province.example", "063 00 00 50")


@dataclass(frozen=True)
class DemoMission:
    slug: str
    theme: str
    title: str
    summary: str
    body: str
    contact: tuple[str, str, str]
    document: tuple[str, list[str]] | None = None  # (title, paragraphs of a PDF)


MISSIONS = [
    DemoMission(
        "soutien-humain-et-logistique", SUPPORT, "Soutien humain et logistique ponctuel",
        "Un agent provincial peut venir renforcer temporairement une commune ou un CPAS "
        "lorsqu'un service se retrouve sans personne.",
        "Depuis 2017, la Province peut mettre temporairement certains de ses agents à la "
        "disposition d'une commune ou d'un CPAS. Le cas typique : le seul agent du guichet "
        "**population** ou **état civil** est absent et les citoyens attendent.\n\n"
        "# Comment ça se passe\n\n"
        "- la commune ou le CPAS décrit son besoin à la cellule supracommunale ;\n"
        "- la cellule cherche un agent provincial disponible et formé ;\n"
        "- une convention de mise à disposition fixe la durée, l'horaire et les "
        "conditions.\n\n"
        "La Province a aussi prêté du personnel pour aider les sinistrés des inondations à "
        "remplir leur dossier auprès du Fonds des calamités.",
        CELL,
        ("Demander un renfort : la marche à suivre", [
            "Ce document illustratif résume les étapes d'une demande de soutien humain "
            "ponctuel adressée à la cellule supracommunale de la Province.",
            "1. Décrivez le besoin : le service concerné, les tâches, les compétences "
            "attendues, la période et l'horaire souhaités.",
            "2. Indiquez la personne de contact de votre institution et le lieu de travail.",
            "3. La cellule supracommunale vous répond en indiquant si un agent est "
            "disponible, et à quelles conditions.",
            "4. Une convention de mise à disposition est signée par les deux parties avant "
            "le début de la mission.",
            "Document de démonstration : il ne remplace pas les conventions officielles.",
        ])),
    DemoMission(
        "aide-technique-services-provinciaux", SUPPORT,
        "Aide technique des services techniques provinciaux",
        "Conseils, études et inspections par les ingénieurs de la Province, notamment "
        "pour les ponts et autres ouvrages d'art.",
        "Les petites communes n'ont pas toujours d'ingénieur dans leurs équipes. Les "
        "services techniques provinciaux peuvent les épauler : avis technique sur un "
        "projet, aide à la rédaction d'un cahier des charges, suivi de chantier.\n\n"
        "Ils proposent en particulier l'**inspection des ponts et ouvrages d'art** "
        "communaux : état des lieux, priorités d'entretien, conseils pour la suite.",
        TECHNICAL),
    DemoMission(
        "cooperation-horizontale", SUPPORT, "Coopération horizontale entre pouvoirs publics",
        "Des conventions de coopération entre la Province et les communes, sans marché "
        "public, pour des missions d'intérêt commun.",
        "La coopération horizontale permet à des pouvoirs publics de travailler ensemble "
        "sans passer par un marché public, lorsqu'ils poursuivent un objectif commun.\n\n"
        "Exemples de conventions proposées par la Province :\n\n"
        "- les **réseaux de mobilité douce** (sentiers et chemins) ;\n"
        "- l'entretien des **cours d'eau de 3e catégorie** ;\n"
        "- l'**essai de portance à la plaque**, réalisé par les services techniques "
        "provinciaux avant des travaux de voirie.",
        TECHNICAL),
    DemoMission(
        "centrales-d-achats", PURCHASING, "Centrales d'achats de la Province",
        "La Province passe des marchés pour le compte des pouvoirs locaux : une procédure, "
        "des prix négociés, aucune mise en concurrence à refaire.",
        "La Province gère une vingtaine de centrales d'achats (18 selon la presse "
        "régionale) pour des fournitures et des services. Une commune, un CPAS ou une "
        "zone qui adhère commande aux conditions du marché passé par la Province, sans "
        "organiser sa propre procédure.\n\n"
        "Les centrales sont présentées sur la page publique **Centrales d'achats** de la "
        "plateforme, avec leurs documents et le formulaire d'adhésion.",
        PURCHASES),
    DemoMission(
        "fonds-d-impulsion-communal", FUNDING, "Fonds d'impulsion communal",
        "25 000 € par commune pour lancer des projets choisis parmi 25 fiches "
        "thématiques.",
        "Chaque commune peut recevoir **25 000 €** pour mener un projet qui s'inscrit "
        "dans l'une des **25 fiches-projets** thématiques proposées par la Province.\n\n"
        "Les fiches couvrent des thèmes variés ; la commune choisit celle qui répond le "
        "mieux à ses priorités et introduit son dossier auprès du service des relations "
        "avec les communes.",
        FINANCE),
    DemoMission(
        "fonds-d-investissement-communal-2026", FUNDING,
        "Fonds d'investissement communal 2026",
        "2,15 millions d'euros : un euro provincial pour chaque euro communal, pour des "
        "projets d'au moins 100 000 €.",
        "Le fonds d'investissement communal 2026 est doté de **2,15 millions d'euros**. "
        "Le principe : pour chaque euro investi par la commune, la Province ajoute un "
        "euro.\n\n"
        "| Condition | Règle |\n|---|---|\n"
        "| Montant minimum du projet | 100 000 € |\n"
        "| Introduction des projets | au plus tard fin 2027 |\n"
        "| Justification des dépenses | au plus tard fin 2029 |",
        FINANCE,
        ("Fonds d'investissement communal 2026 : les conditions en bref", [
            "Ce résumé illustratif reprend les conditions du fonds telles que rapportées "
            "par la presse régionale.",
            "Enveloppe totale : 2,15 millions d'euros. Principe : un euro provincial pour "
            "un euro communal.",
            "Projets éligibles : investissements communaux d'au moins 100 000 euros.",
            "Calendrier : projets introduits au plus tard fin 2027, dépenses justifiées au "
            "plus tard fin 2029.",
            "Document de démonstration : seul le règlement adopté par le Conseil "
            "provincial fait foi.",
        ])),
    DemoMission(
        "entretien-des-cours-d-eau", ENVIRONMENT,
        "Entretien des cours d'eau de 2e et 3e catégorie",
        "Des marchés conjoints pour l'entretien des cours d'eau et un subside provincial "
        "de 6 818 € par commune.",
        "La Province organise des **marchés conjoints** pour l'entretien des cours d'eau "
        "non navigables de 2e et de 3e catégorie : curage, enlèvement d'embâcles, "
        "entretien des berges.\n\n"
        "Chaque commune participante reçoit en outre un **subside provincial de 6 818 €** "
        "pour les travaux sur son territoire.",
        NATURE),
    DemoMission(
        "collecte-des-baches-agricoles", ENVIRONMENT, "Collecte des bâches agricoles",
        "200 000 € par an pendant trois ans pour collecter et recycler les plastiques "
        "agricoles.",
        "Les bâches d'ensilage et films d'enrubannage usagés encombrent les exploitations "
        "et finissent trop souvent brûlés ou abandonnés. La Province consacre "
        "**200 000 € par an pendant trois ans** à leur collecte, organisée avec les "
        "communes et les intercommunales.\n\n"
        "Les communes relaient les dates de collecte auprès des agriculteurs et mettent, "
        "si besoin, un lieu de dépôt à disposition.",
        NATURE),
    DemoMission(
        "especes-invasives", ENVIRONMENT, "Lutte contre les espèces invasives",
        "Pièges à frelons asiatiques, conseils et interventions contre les plantes et "
        "animaux invasifs.",
        "La Province aide les communes à lutter contre les **espèces exotiques "
        "envahissantes** : pièges contre le frelon asiatique, conseils pour repérer et "
        "signaler les nids, actions contre les plantes invasives le long des cours "
        "d'eau.\n\n"
        "Elle apporte aussi son aide après les inondations, pour le nettoyage des berges "
        "et des ouvrages.",
        NATURE),
]
