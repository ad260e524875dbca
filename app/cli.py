"""Flask commands: `flask --app wsgi seed reference`, and the others."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from app.extensions import db

seed_cli = AppGroup("seed", help="Charger les données de référence ou de démonstration.")


@seed_cli.command("reference")
def seed_reference_command() -> None:
    """Create the 94 reference institutions (idempotent)."""
    from app.seed import seed_reference

    counts = seed_reference()
    db.session.commit()
    total = sum(counts.values())
    details = ", ".join(f"{kind}: {count}" for kind, count in sorted(counts.items()))
    click.echo(f"{total} reference institutions ({details}).")


def init_cli(app: Flask) -> None:
    app.cli.add_command(seed_cli)
