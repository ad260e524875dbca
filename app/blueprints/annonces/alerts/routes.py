"""Saved searches as email alerts: my alerts, save the list's filters,
delete an alert."""
from __future__ import annotations

from flask import flash, redirect, url_for
from flask_login import current_user

from app.blueprints.annonces import bp
from app.blueprints.annonces.alerts import services as saved_searches
from app.blueprints.annonces.alerts.forms import AlertForm
from app.blueprints.annonces.filters import parse_filters
from app.web.actions import run_service
from app.web.render import render


def _list_url(query_string: str) -> str:
    return url_for("annonces.index") + (f"?{query_string}" if query_string else "")


@bp.get("/alertes")
def alerts():
    return render("annonces/alerts.html",
                  alerts=saved_searches.alerts_of(current_user._get_current_object()))


@bp.post("/alertes/enregistrer")
def save_alert():
    """Back to the same list (303), with a flash saying what happened."""
    form = AlertForm()
    if form.validate_on_submit():
        done = run_service(saved_searches.save_alert, current_user._get_current_object(),
                           form.query_string.data, form.label.data)
        if done:
            _flash_saved(done.value)
            return redirect(_list_url(done.value.alert.query_string), code=303)
    else:
        flash((form.label.errors or ["L'alerte n'a pas pu être enregistrée : réessayez."])[0],
              "error")
    query_string = parse_filters(form.query_string.data or "").query_string()
    return redirect(_list_url(query_string), code=303)


def _flash_saved(saved: saved_searches.SavedAlert) -> None:
    if saved.created:
        flash(f"Alerte enregistrée : {saved.alert.label}. Chaque matin, vous recevrez par "
              "e-mail les nouvelles annonces qui correspondent à cette recherche.", "success")
    else:
        flash(f"Vous aviez déjà enregistré cette recherche : {saved.alert.label}.", "info")


@bp.post("/alertes/<int:alert_id>/supprimer")
def delete_alert(alert_id: int):
    alert = run_service(saved_searches.delete_alert, current_user._get_current_object(),
                        alert_id).value
    flash(f"Alerte supprimée : {alert.label}.", "success")
    return redirect(url_for("annonces.alerts"), code=303)
