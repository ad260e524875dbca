"""The back office (`/gestion`), for the platform's managers, by area:

    members/     registrations, institutions, users, the manager role
    content/     missions, centrals and their adherents, document templates,
                 the Markdown preview of the editors
    moderation/  the annonces, hidden ones included, reported ones first
    province/    the demandes addressed to the Province
    reports/     dashboard, statistics, CSV exports
    logs/        the email log and the audit log (journal)
    help/        the manager's help page

Each sub-area's `routes.py` registers its views on the one `bp`.
"""
from importlib import import_module

from flask import Blueprint

bp = Blueprint("gestion", __name__)

SUB_AREAS = (
    "members.registrations", "members.institutions", "members.users", "members.managers",
    "content.missions", "content.centrales", "content.adhesions", "content.templates",
    "content.preview",
    "moderation", "province",
    "reports.dashboard", "reports.statistics", "reports.exports",
    "logs.emails", "logs.audit",
    "help",
)
for sub_area in SUB_AREAS:
    import_module(f"{__name__}.{sub_area}.routes")  # registers its views on `bp`
