"""Back office: the supra-communal missions (list, create, edit, publish,
order, documents), on the routes shared with the centrals."""
from __future__ import annotations

from flask import render_template
from sqlalchemy import select

from app.blueprints.gestion import bp
from app.blueprints.gestion.content.documents import DocumentedContentAdmin
from app.blueprints.gestion.content.missions.forms import MissionForm
from app.extensions import db
from app.models import Mission

FIELDS = ("title", "summary", "body", "theme", "contact_service", "contact_email",
          "contact_phone")


class MissionAdmin(DocumentedContentAdmin):
    model = Mission
    name = "mission"
    list_endpoint = "missions"
    url = "/missions"
    saved_message = "Les modifications de la mission sont enregistrées."

    def list_page(self):
        rows = db.session.scalars(select(Mission).order_by(Mission.position, Mission.id)).all()
        return render_template("gestion/missions.html", missions=rows)

    def edit_form(self, item: Mission | None, **kwargs) -> MissionForm:
        return MissionForm(obj=item, **kwargs)

    def form_values(self, form: MissionForm) -> dict:
        return {name: form[name].data or "" for name in FIELDS}

    def created_message(self, item: Mission) -> str:
        return ("La mission est créée, non publiée. Ajoutez-y des documents si besoin, "
                "puis publiez-la depuis la liste des missions.")


MissionAdmin().register(bp)
