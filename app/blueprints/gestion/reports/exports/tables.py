"""The tables of the CSV exports: members, users, annonces, statistics and
(in `collaborations`) the ended collaborations.

Contact details (email, phone) of a person appear only if that person
agreed to share them.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from sqlalchemy import and_, select
from sqlalchemy.orm import aliased

from app.blueprints.gestion.moderation.forms import ModerationFilterForm
from app.blueprints.gestion.moderation.queries import moderation_conditions
from app.blueprints.gestion.reports.exports.collaborations import (
    collaboration_statistics_rows,
    collaboration_table,
    pair_table,
)
from app.blueprints.gestion.reports.statistics.first_answer import first_answer_rows
from app.blueprints.gestion.reports.statistics.forms import StatisticsFilterForm
from app.blueprints.gestion.reports.statistics.queries import compute_statistics
from app.extensions import db
from app.localtime import BRUSSELS
from app.models import Annonce, Institution, User, UserStatus

YIELD_PER = 1000  # rows fetched at a time for the long exports
USER_STATUS = {UserStatus.INVITED: "Invité", UserStatus.ACTIVE: "Actif",
               UserStatus.SUSPENDED: "Suspendu", UserStatus.ANONYMISED: "Anonymisé"}
Table = tuple[list[str], Iterable[Iterable]]


def _day(value: datetime | None) -> str:
    return value.astimezone(BRUSSELS).strftime("%d/%m/%Y") if value else ""


def _decimal(value: float | None) -> str:
    return f"{value:.1f}".replace(".", ",") if value is not None else ""


def member_table(args) -> Table:
    """Member institutions with their référent (contact only if consented)."""
    referent = aliased(User)
    rows = db.session.execute(
        select(Institution.name, Institution.kind, Institution.arrondissement,
               Institution.postal_code, Institution.member_since, Institution.suspended_at,
               referent.name, referent.function, referent.email, referent.phone,
               referent.consent_share_contact)
        .outerjoin(referent, and_(referent.institution_id == Institution.id,
                                  referent.is_referent.is_(True)))
        .where(Institution.is_member.is_(True), Institution.retired_at.is_(None))
        .order_by(Institution.name)
    ).all()
    header = ["Institution", "Type", "Arrondissement", "Code postal", "Membre depuis",
              "Statut", "Référent", "Fonction du référent", "E-mail du référent",
              "Téléphone du référent"]
    return header, (
        [name, kind.label, arrondissement, postal_code, _day(since),
         "Suspendue" if suspended else "Active", person, function,
         email if consent else "", phone if consent else ""]
        for (name, kind, arrondissement, postal_code, since, suspended, person, function,
             email, phone, consent) in rows)


def user_table(args) -> Table:
    """Users (anonymised ones left out); email and phone only if consented."""
    rows = db.session.execute(
        select(User.name, User.function, Institution.name, User.is_referent, User.is_manager,
               User.status, User.email, User.phone, User.consent_share_contact)
        .join(User.institution)
        .where(User.status != UserStatus.ANONYMISED)
        .order_by(Institution.name, User.name, User.id)
        .execution_options(yield_per=YIELD_PER)
    )
    header = ["Nom", "Fonction", "Institution", "Rôle", "Statut", "E-mail", "Téléphone"]
    return header, (
        [name, function, institution, _role(referent, manager), USER_STATUS[status],
         email if consent else "", phone if consent else ""]
        for (name, function, institution, referent, manager, status, email, phone,
             consent) in rows)


def _role(referent: bool, manager: bool) -> str:
    roles = [role for role, held in (("Gestionnaire", manager), ("Référent", referent))
             if held]
    return ", ".join(roles) or "Agent"


def annonce_table(args) -> Table:
    """Annonces with the moderation list's filters, newest first."""
    form = ModerationFilterForm(formdata=args)
    form.validate()
    helper = aliased(Institution)
    rows = db.session.execute(
        select(Annonce.id, Annonce.created_at, Institution.name, Annonce.kind,
               Annonce.category, Annonce.title, Annonce.status, Annonce.closed_at,
               helper.name)
        .join(Annonce.institution)
        .outerjoin(helper, helper.id == Annonce.helped_by_id)
        .where(*moderation_conditions(form.criteria()))
        .order_by(Annonce.created_at.desc(), Annonce.id.desc())
        .execution_options(yield_per=YIELD_PER)
    )
    header = ["N°", "Publiée le", "Institution", "Type", "Catégorie", "Titre", "État",
              "Clôturée le", "Pourvue avec l'aide de"]
    return header, (
        [number, _day(created), institution, kind.label, category.label, title,
         status.label, _day(closed), helped_by]
        for number, created, institution, kind, category, title, status, closed, helped_by
        in rows)


def statistics_table(args) -> Table:
    """The figures of the statistics page for the same period."""
    form = StatisticsFilterForm(formdata=args)
    form.validate()
    stats = compute_statistics(form.chosen_period())
    sections = [
        ("Adhérents par type", stats.members_by_kind),
        ("Adhérents par arrondissement", stats.members_by_arrondissement),
        ("Annonces par catégorie", stats.ads_by_category),
        ("Demandes et offres", stats.ads_by_kind),
        ("Annonces par mois", stats.ads_by_month),
        ("Annonces clôturées", stats.closed_figures),
    ]
    rows = [["Période", stats.period.label, ""]]
    rows += [[section, figure.label, figure.value]
             for section, figures in sections for figure in figures]
    share = stats.share_pourvues
    rows += [
        ["Annonces clôturées", "Part des annonces pourvues (%)",
         _decimal(share * 100 if share is not None else None)],
        ["Annonces clôturées", "Délai médian pour être pourvue (jours)",
         _decimal(stats.median_days)],
        ["Collaborations", "Total", stats.collaborations_total],
    ]
    rows += [["Collaborations", f"{pair.helped} ← {pair.helper}", pair.count]
             for pair in stats.collaborations]
    rows += collaboration_statistics_rows(stats.period)
    rows += first_answer_rows(stats.period)
    rows.append(["Téléchargements de modèles", "Total", stats.downloads_total])
    rows += [["Téléchargements de modèles", figure.label, figure.value]
             for figure in stats.downloads]
    return ["Rubrique", "Libellé", "Valeur"], rows


EXPORTS: dict[str, Callable[..., Table]] = {
    "membres": member_table,
    "utilisateurs": user_table,
    "annonces": annonce_table,
    "statistiques": statistics_table,
    "collaborations": collaboration_table,
    "collaborations-paires": pair_table,
}
