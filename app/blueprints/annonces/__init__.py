"""The annonces (`/annonces`): members' requests and offers of help, by area:

    listing/        the list of ads, its filters, sort and pages
    manage/         publishing one ad: create, show, edit, close, reopen, hide
    attachments/    the files joined to an ad: limits, download, removal
    threads/        the mise en relation: answering an ad, the conversations
    alerts/         saved searches mailed each morning
    reports/        a member reports an ad to the platform managers
    notifications/  emails about ads: broadcast, new ads by preference,
                    matching ads, expiry reminders, and who receives them;
                    the delivery of a broadcast, followed on the ad's page

Shared by several areas: `access` (who may see and act on an ad), `filters`
(the list's query string and the conditions it makes), `search` (full-text
search) and `matching` (the open ads that answer an ad).

Each area's `routes.py` registers its views on the one `bp`.
"""
from importlib import import_module

from flask import Blueprint

bp = Blueprint("annonces", __name__)

AREAS = ("listing", "manage", "attachments", "threads", "alerts", "notifications", "reports")
for area in AREAS:
    import_module(f"{__name__}.{area}.routes")  # registers its views on `bp`
