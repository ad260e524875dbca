"""Back office: dashboard, email log, users and the manager role."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from app.blueprints.gestion import bp, services
from app.blueprints.gestion.dashboard import dashboard
from app.blueprints.gestion.display import message_view
from app.blueprints.gestion.forms import EmailFilterForm, ManagerForm, UserSearchForm
from app.extensions import db
from app.web.render import render


@bp.get("")
def index():
    return render_template("gestion/index.html", dashboard=dashboard(),
                           audit_labels=services.AUDIT_LABELS)


@bp.get("/courriels")
def emails():
    form = EmailFilterForm(formdata=request.args)
    form.validate()
    statut, destinataire = form.value("statut"), form.value("destinataire")
    results = services.list_emails(statut, destinataire,
                                   request.args.get("page", 1, type=int))
    filters = {key: value for key, value in
               {"statut": statut, "destinataire": destinataire}.items() if value}
    return render("gestion/emails.html", "gestion/_emails_results.html", form=form,
                  results=results, views=[message_view(m) for m in results.items],
                  filters=filters)


@bp.get("/courriels/<int:message_id>")
def email_detail(message_id: int):
    message = services.get_email(message_id)
    return render_template("gestion/email_detail.html", view=message_view(message))


@bp.post("/courriels/<int:message_id>/renvoyer")
def retry_email(message_id: int):
    if services.retry_email(message_id):
        db.session.commit()
        flash("Le message est remis en file d'envoi : il partira dans quelques instants.",
              "success")
    else:
        flash("Ce message n'est pas en échec définitif : rien n'a été changé.", "info")
    return redirect(url_for("gestion.email_detail", message_id=message_id), code=303)


@bp.get("/utilisateurs")
def users():
    form = UserSearchForm(formdata=request.args)
    form.validate()
    search = form.value("q")
    results = services.list_users(search, request.args.get("page", 1, type=int))
    return render_template("gestion/users.html", form=form, results=results,
                           filters={"q": search} if search else {},
                           status_labels=services.USER_STATUS_LABELS)


@bp.post("/utilisateurs/<int:user_id>/gestionnaire")
def set_manager(user_id: int):
    form = ManagerForm()
    if not form.validate():
        flash("Action inconnue : utilisez les boutons de la liste des utilisateurs.", "error")
        return redirect(url_for("gestion.users"), code=303)
    try:
        done = services.set_manager(user_id, grant=form.grant.data == "1")
    except services.ManagementError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(done, "success")
    return redirect(url_for("gestion.users"), code=303)
# Other back-office pages register their views on `bp` when imported.
from app.blueprints.gestion import (  # noqa: E402,F401
    adhesions_admin,
    centrales_admin,
    exports,
    help,
    institutions_admin,
    journal,
    missions_admin,
    moderation,
    preview,
    registrations,
    statistics,
    templates_admin,
    users_admin,
)
