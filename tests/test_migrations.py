"""Migrations: one head, and upgrading an empty database gives the models."""
from __future__ import annotations

import os
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import create_app
from app.config import BASE_DIR
from app.extensions import db
from app.models import is_search_index_object


def test_migrations_have_one_head(app):
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config(str(BASE_DIR / "migrations"))
        assert len(ScriptDirectory.from_config(config).get_heads()) == 1


@pytest.fixture()
def empty_database_url(tmp_path):
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    name = f"eplateforme_migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _include_object(obj, name, type_, reflected, compare_to):
    return not is_search_index_object(type_, name)


def test_upgrade_from_empty_matches_the_models(empty_database_url):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(directory=str(BASE_DIR / "migrations"))
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "render_as_batch": True,
                                  "include_object": _include_object}
            )
            differences = compare_metadata(context, db.metadata)
        db.engine.dispose()
    assert differences == []
