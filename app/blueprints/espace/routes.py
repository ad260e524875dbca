"""`/mon-espace`: the page a member opens on a busy morning. With htmx the
status tabs and the pages of the annonces swap that list only (the links
select it from the page: hx-select)."""
from __future__ import annotations

from flask import request
from flask_login import current_user

from app.blueprints.collaborations.queries import institution_groups
from app.blueprints.echanges.queries import unread_threads
from app.blueprints.espace import bp
from app.blueprints.espace.queries import STATUSES, own_annonces, status_arg
from app.localtime import brussels_today
from app.web.pagination import page_arg
from app.web.render import render

UNREAD_SHOWN = 5


@bp.get("/mon-espace")
def index():
    user = current_user._get_current_object()
    status = status_arg(request.args.get("statut"))
    today = brussels_today()
    return render(
        "espace/index.html", institution=user.institution, chosen=status, statuses=STATUSES,
        annonces=own_annonces(user.institution_id, status, page_arg(request.args.get("page"))),
        filters={"statut": status.value} if status else {}, today_date=today,
        to_do=institution_groups(user.institution_id, today).to_do,
        unread=unread_threads(user, UNREAD_SHOWN))
