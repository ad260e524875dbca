"""Back office: the purchasing centrals (list, create, edit, publish, order,
documents), on the routes shared with the missions. Their adherents are in
`content.adhesions`."""
from __future__ import annotations

from flask import render_template
from sqlalchemy import func, select

from app.blueprints.gestion import bp
from app.blueprints.gestion.content.centrales.forms import CentraleForm
from app.blueprints.gestion.content.documents import DocumentedContentAdmin
from app.extensions import db
from app.models import Adhesion, AdhesionStatus, Centrale, CentraleDomain

FIELDS = ("title", "reference", "description", "valid_from", "valid_until",
          "adhesion_deadline")


class CentraleAdmin(DocumentedContentAdmin):
    model = Centrale
    name = "centrale"
    list_endpoint = "centrales"
    url = "/centrales"
    saved_message = "Les modifications de la centrale sont enregistrées."

    def list_page(self):
        pending = (select(func.count(Adhesion.id))
                   .where(Adhesion.centrale_id == Centrale.id,
                          Adhesion.status == AdhesionStatus.PENDING)
                   .scalar_subquery())
        rows = db.session.execute(
            select(Centrale, pending.label("pending"))
            .order_by(Centrale.position, Centrale.id)).all()
        return render_template("gestion/centrales.html", rows=rows)

    def edit_form(self, item: Centrale | None, **kwargs) -> CentraleForm:
        if item is None:
            return CentraleForm(**kwargs)
        return CentraleForm(obj=item, domain=item.domain.value, **kwargs)

    def form_values(self, form: CentraleForm) -> dict:
        values = {name: form[name].data for name in FIELDS}
        values.update(reference=form.reference.data or "",
                      description=form.description.data or "",
                      domain=CentraleDomain(form.domain.data))
        return values

    def created_message(self, item: Centrale) -> str:
        return ("La centrale est créée, non publiée. Ajoutez-y ses documents (cahier "
                "spécial des charges, convention d'adhésion), puis publiez-la depuis la "
                "liste des centrales.")


CentraleAdmin().register(bp)
