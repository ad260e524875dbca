"""Application factory: `create_app()` wires configuration, extensions,
blueprints and hooks in small, named steps."""
from __future__ import annotations

import os
from collections.abc import Mapping

from dotenv import load_dotenv
from flask import Flask

from app.config import BASE_DIR, CONFIGS, check_production_config
from app.web.converters import BoundedIntegerConverter


def create_app(config: Mapping | None = None) -> Flask:
    app = Flask(__name__, instance_path=str(BASE_DIR / "instance"))
    app.url_map.converters["int"] = BoundedIntegerConverter
    register_config(app, config)
    register_extensions(app)
    register_database_hooks(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_security(app)
    register_templating(app)
    register_commands(app)
    register_logging(app)
    return app


def register_config(app: Flask, overrides: Mapping | None) -> None:
    load_dotenv(BASE_DIR / ".env", override=False)
    env = os.environ.get("APP_ENV", "development")
    if overrides and overrides.get("TESTING"):
        env = "testing"
    if env not in CONFIGS:
        raise RuntimeError(f"APP_ENV must be one of {sorted(CONFIGS)}, not {env!r}")
    app.config.from_object(CONFIGS[env]())
    if overrides:
        app.config.update(overrides)
    app.config["APP_ENV"] = env
    if env == "production":
        check_production_config(app.config)
    os.makedirs(app.instance_path, exist_ok=True)


def register_extensions(app: Flask) -> None:
    from app.auth import enforcement as auth
    from app.extensions import babel, csrf, db, limiter, login_manager, mail, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(BASE_DIR / "migrations"))
    csrf.init_app(app)
    mail.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=lambda: "fr_BE",
                   timezone_selector=lambda: "Europe/Brussels")
    auth.init_login(app, login_manager)


def register_database_hooks(app: Flask) -> None:
    from app.database import configure_engine

    with app.app_context():
        configure_engine()


def register_blueprints(app: Flask) -> None:
    from app.blueprints.annonces import bp as annonces_bp
    from app.blueprints.centrales import bp as centrales_bp
    from app.blueprints.collaborations import bp as collaborations_bp
    from app.blueprints.comptes import bp as comptes_bp
    from app.blueprints.echanges import bp as echanges_bp
    from app.blueprints.espace import bp as espace_bp
    from app.blueprints.gestion import bp as gestion_bp
    from app.blueprints.inscription import bp as inscription_bp
    from app.blueprints.membres import bp as membres_bp
    from app.blueprints.missions import bp as missions_bp
    from app.blueprints.modeles import bp as modeles_bp
    from app.blueprints.public import bp as public_bp
    from app.jobs.scheduler import init_scheduler
    from app.mail.delivery import init_outbox

    app.register_blueprint(public_bp)
    app.register_blueprint(inscription_bp, url_prefix="/inscription")
    app.register_blueprint(comptes_bp)
    app.register_blueprint(annonces_bp, url_prefix="/annonces")
    # /collaborations…, and /annonces/<id>/collaboration|calendrier
    app.register_blueprint(collaborations_bp)
    app.register_blueprint(modeles_bp, url_prefix="/modeles")
    app.register_blueprint(missions_bp, url_prefix="/missions")
    app.register_blueprint(centrales_bp)  # /centrales and /centrales.atom
    app.register_blueprint(membres_bp, url_prefix="/membres")
    app.register_blueprint(espace_bp)  # /mon-espace
    app.register_blueprint(echanges_bp)  # /echanges
    app.register_blueprint(gestion_bp, url_prefix="/gestion")
    init_outbox(app)
    init_scheduler(app)


def register_errorhandlers(app: Flask) -> None:
    from app.web.errors import init_errors

    init_errors(app)


def register_security(app: Flask) -> None:
    from app.web.headers import init_security

    init_security(app)


def register_templating(app: Flask) -> None:
    from app.web.templating import init_templating

    init_templating(app)


def register_commands(app: Flask) -> None:
    from app.cli.commands import init_cli
    from app.jobs.daily import jobs_cli

    init_cli(app)
    app.cli.add_command(jobs_cli)


def register_logging(app: Flask) -> None:
    """Log through the root logger only, so every line has one format: JSON
    (app/web/logs.py), in every environment."""
    from flask.logging import default_handler

    from app.web.logs import configure_logging
    from app.web.request_log import init_request_log

    app.logger.removeHandler(default_handler)
    init_request_log(app)
    configure_logging()
