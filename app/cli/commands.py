"""Flask commands: `flask --app wsgi seed reference|demo`, `create-manager`,
`outbox send`, `backup` and `restore`."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from app.extensions import db

seed_cli = AppGroup("seed", help="Charger les données de référence ou de démonstration.")
outbox_cli = AppGroup("outbox", help="Envoyer les courriels de la file d'attente.")


@seed_cli.command("reference")
def seed_reference_command() -> None:
    """Create the 94 reference institutions (idempotent)."""
    from app.reference.seed import seed_reference

    counts = seed_reference()
    db.session.commit()
    total = sum(counts.values())
    details = ", ".join(f"{kind}: {count}" for kind, count in sorted(counts.items()))
    click.echo(f"{total} reference institutions ({details}).")


@seed_cli.command("demo")
def seed_demo_command() -> None:
    """Load the demo members and accounts (idempotent; never in production)."""
    from app.demo.accounts import DEMO_DOMAIN, DemoRefused, seed_demo
    from app.demo.annonces import seed_demo_annonces, seed_demo_report
    from app.demo.collaborations import seed_demo_collaborations
    from app.demo.contents import seed_demo_centrales, seed_demo_missions
    from app.demo.templates import seed_demo_modeles

    try:
        logins = seed_demo()
    except DemoRefused as error:
        raise click.ClickException(str(error)) from error
    annonces = seed_demo_annonces(DEMO_DOMAIN)
    collaborations = seed_demo_collaborations(DEMO_DOMAIN)
    reports = seed_demo_report(DEMO_DOMAIN)
    missions, centrales = seed_demo_missions(), seed_demo_centrales()
    modeles = seed_demo_modeles()
    db.session.commit()
    click.echo(f"Demo data ready ({logins.created} account(s), {annonces} annonce(s) created).")
    click.echo(f"Demo missions and centrals: {missions} mission(s), {centrales} centrale(s) "
               "created.")
    click.echo(f"Demo document templates: {modeles} created.")
    click.echo(f"Demo collaborations: {collaborations} created.")
    click.echo(f"Demo reports: {reports} created.")
    click.echo("Demo logins (never use them outside a demonstration):")
    click.echo(f"  manager: {logins.manager}")
    click.echo(f"  member:  {logins.member}")
    click.echo(f"  password: {logins.password}")


@click.command("create-manager")
@click.argument("email")
@click.option("--name", required=True, help="Nom complet du gestionnaire.")
@click.option("--password-stdin", is_flag=True,
              help="Lire le mot de passe sur l'entrée standard (une ligne) au lieu "
                   "d'envoyer un lien d'activation.")
@with_appcontext
def create_manager_command(email: str, name: str, password_stdin: bool) -> None:
    """Create a platform manager in the Province institution (docs/requirements.md, S2.1.7)."""
    from app.blueprints.gestion.members.managers.services import create_manager
    from app.domain import DomainError

    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    # Emails and links are built as in a request, from PUBLIC_URL.
    with current_app.test_request_context():
        try:
            user, link = create_manager(email, name, password)
        except DomainError as error:
            db.session.rollback()
            raise click.ClickException(str(error)) from error
        db.session.commit()
    click.echo(f"Manager {user.email} created ({'active' if link is None else 'invited'}).")
    if link is not None:
        click.echo("An activation email is queued. One-time activation link (7 days):")
        click.echo(link)


@outbox_cli.command("send")
def outbox_send_command() -> None:
    """Send every message that is due now (for cron); retries follow the backoff."""
    from app.mail.delivery import send_pending
    from app.web.health import outbox_backlog

    if not current_app.config.get("MAIL_SERVER"):
        waiting = outbox_backlog()["pending"]
        click.echo(f"MAIL_SERVER is not set: nothing is sent, {waiting} message(s) stay in "
                   "the outbox (see /gestion/courriels).")
        return
    sent = retried = dead = 0
    while True:
        report = send_pending()
        if not (report.sent or report.retried or report.dead):
            break
        sent, retried, dead = sent + report.sent, retried + report.retried, dead + report.dead
    click.echo(f"{sent} sent, {retried} retried, {dead} dead")


@click.command("backup")
@click.argument("path", type=click.Path(path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Back up the SQLite database and the uploads to PATH (.tar.gz), online."""
    from app.cli.backup import BackupError, backup, sqlite_path

    try:
        database = sqlite_path(current_app.config["SQLALCHEMY_DATABASE_URI"])
        report = backup(database, Path(current_app.config["UPLOAD_FOLDER"]), path)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    for name in report.missing_uploads:
        click.echo(f"warning: uploaded file {name} was deleted during the backup.", err=True)
    click.echo(f"Backup written to {report.path}: the database and "
               f"{report.file_count - 1} uploaded file(s), {report.total_size} bytes, "
               f"integrity ok, migration {report.alembic_revision or 'none'}.")


@click.command("restore")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True,
              help="Remplacer une base de données qui contient déjà des données.")
@with_appcontext
def restore_command(path: Path, force: bool) -> None:
    """Restore a backup made by `backup` into this instance (stop the web server first)."""
    from app.cli.backup import BackupError, restore, sqlite_path

    try:
        database = sqlite_path(current_app.config["SQLALCHEMY_DATABASE_URI"])
        db.engine.dispose()
        manifest = restore(path, database, Path(current_app.config["UPLOAD_FOLDER"]), force)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored the database and {manifest['file_count'] - 1} uploaded file(s) "
               f"from the backup of {manifest['created_at']} into {database}, checksums "
               "and integrity ok. "
               "Run `flask --app wsgi db upgrade` if this code is newer than the backup.")


def init_cli(app: Flask) -> None:
    app.cli.add_command(seed_cli)
    app.cli.add_command(outbox_cli)
    app.cli.add_command(create_manager_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
