"""Back office: the email log, one message, and sending a failed one again."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from app.blueprints.gestion import bp
from app.blueprints.gestion.logs.emails.display import message_view
from app.blueprints.gestion.logs.emails.forms import EmailFilterForm
from app.blueprints.gestion.logs.emails.queries import get_email, list_emails
from app.blueprints.gestion.logs.emails.services import retry_email as retry
from app.web.actions import run_service
from app.web.render import render


@bp.get("/courriels")
def emails():
    form = EmailFilterForm(formdata=request.args)
    form.validate()
    results = list_emails(form.value("status"), form.value("recipient"),
                          request.args.get("page", 1, type=int))
    return render("gestion/emails.html", "gestion/_emails_results.html", form=form,
                  results=results, views=[message_view(m) for m in results.items],
                  filters=form.filters())


@bp.get("/courriels/<int:message_id>")
def email_detail(message_id: int):
    return render_template("gestion/email_detail.html", view=message_view(get_email(message_id)))


@bp.post("/courriels/<int:message_id>/renvoyer")
def retry_email(message_id: int):
    if run_service(retry, message_id).value:
        flash("Le message est remis en file d'envoi : il partira dans quelques instants.",
              "success")
    else:
        flash("Ce message n'est pas en échec définitif : rien n'a été changé.", "info")
    return redirect(url_for("gestion.email_detail", message_id=message_id), code=303)
