"""French, htmx-aware error pages."""
from __future__ import annotations

from flask import Flask, current_app, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from app.render import render
from app.urls import is_htmx

MESSAGES = {
    400: ("Requête incorrecte",
          "La demande envoyée n'a pas pu être comprise. Rechargez la page et réessayez."),
    403: ("Accès refusé",
          "Vous n'avez pas accès à cette page. Si vous pensez que c'est une erreur, "
          "contactez le gestionnaire de la plateforme."),
    404: ("Page introuvable",
          "Cette page n'existe pas ou n'existe plus. Vérifiez l'adresse ou revenez à l'accueil."),
    405: ("Action non autorisée",
          "Cette adresse n'accepte pas ce type de demande. Revenez à la page précédente."),
    413: ("Fichier trop volumineux",
          "Le fichier envoyé dépasse la taille autorisée (20 Mo). Réduisez-le et réessayez."),
    429: ("Trop de tentatives",
          "Vous avez fait trop de tentatives en peu de temps. "
          "Patientez une minute puis réessayez."),
    500: ("Erreur interne",
          "Une erreur inattendue s'est produite. Elle a été enregistrée ; réessayez dans "
          "quelques instants."),
    503: ("Service momentanément indisponible",
          "La plateforme est momentanément indisponible. Réessayez dans quelques instants."),
}
CSRF_MESSAGE = (
    "Votre formulaire a expiré ou n'a pas pu être vérifié. Rechargez la page et "
    "envoyez-le à nouveau."
)


def init_errors(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected_error)


def error_response(code: int, message: str | None = None):
    title, default_message = MESSAGES.get(code, MESSAGES[500])
    response = render("errors/error.html", "errors/_error.html", status=code,
                      code=code, title=title, message=message or default_message)
    if is_htmx():
        # An error replaces the main content, whatever the request targeted.
        response.headers["HX-Retarget"] = "#main"
        response.headers["HX-Reswap"] = "innerHTML"
    return response


def handle_http_error(error: HTTPException):
    code = error.code or 500
    if code not in MESSAGES:
        return error
    response = error_response(code)
    if code == 405 and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    if code == 429:
        current_app.logger.warning("rate limited ip=%s endpoint=%s", request.remote_addr,
                                   request.endpoint)
        response.headers.setdefault("Retry-After", "60")
    return response


def handle_csrf_error(error: CSRFError):
    current_app.logger.warning("csrf failure on %s %s", request.method, request.path)
    return error_response(400, CSRF_MESSAGE)


def handle_unexpected_error(error: Exception):
    if isinstance(error, HTTPException):
        return handle_http_error(error)
    current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
    try:
        from app.extensions import db

        db.session.rollback()
    except Exception:
        current_app.logger.exception("rollback failed")
    return error_response(InternalServerError.code)
