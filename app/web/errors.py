"""French, htmx-aware error pages."""
from __future__ import annotations

import logging

from flask import Flask, current_app, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import HTTPException, InternalServerError

from app.web.logs import log_event, request_id, route_pattern
from app.web.render import render
from app.web.urls import is_htmx

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
    app.register_error_handler(DBAPIError, handle_database_error)
    app.register_error_handler(PoolTimeoutError, database_unavailable)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected_error)


def error_response(code: int, message: str | None = None):
    title, default_message = MESSAGES.get(code, MESSAGES[500])
    # A server error shows the request id, which the user can quote to the
    # manager to find the log lines.
    reference = request_id() if code >= 500 else None
    response = render("errors/error.html", "errors/_error.html", status=code,
                      code=code, title=title, message=message or default_message,
                      reference=reference)
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
    if code == 403:
        log_event("forbidden", logging.WARNING, method=request.method, route=route_pattern())
    if code == 429:
        log_event("rate_limited", logging.WARNING, method=request.method,
                  route=route_pattern())
        response.headers.setdefault("Retry-After", "60")
    return response


def handle_csrf_error(error: CSRFError):
    log_event("csrf_failure", logging.WARNING, method=request.method, route=route_pattern(),
              reason=error.description)
    return error_response(400, CSRF_MESSAGE)


DATABASE_RETRY_AFTER = "30"


def handle_database_error(error: DBAPIError):
    """The database unreachable, restarting or locked past the busy timeout:
    a 503 the user can retry, not a 500. Nothing half-written stays: the
    transaction is rolled back, and the pool replaces dead connections
    (`pool_pre_ping`), so the next request after recovery works."""
    if not (isinstance(error, OperationalError) or error.connection_invalidated):
        return handle_unexpected_error(error)
    return database_unavailable(error)


def database_unavailable(error: DBAPIError | PoolTimeoutError):
    """Also every pooled connection busy for `pool_timeout` seconds."""
    from flask import g

    from app.extensions import db, login_manager

    cause = getattr(error, "orig", None) or error
    reason = str(cause).strip().splitlines()[0][:200] if str(cause).strip() else ""
    current_app.logger.warning("database unavailable on %s %s: %s %s", request.method,
                               request.endpoint, type(cause).__name__, reason)
    try:
        db.session.rollback()
    except DBAPIError:
        db.session.invalidate()
    # The page is drawn as for a visitor: the user's row cannot be read now.
    g._login_user = login_manager.anonymous_user()
    response = error_response(503)
    response.headers["Retry-After"] = DATABASE_RETRY_AFTER
    return response


def handle_unexpected_error(error: Exception):
    if isinstance(error, HTTPException):
        return handle_http_error(error)
    current_app.logger.exception("unhandled error", extra={"fields": {
        "method": request.method, "route": route_pattern()}})
    try:
        from app.extensions import db

        db.session.rollback()
    except Exception:
        current_app.logger.exception("rollback failed")
    return error_response(InternalServerError.code)
