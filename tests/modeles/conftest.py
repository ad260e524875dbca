"""Fixtures of the templates tests: the manager who writes templates, and
templates made through the same services (and upload checks) as the back office."""
from __future__ import annotations

import pytest

from app.blueprints.modeles.services import (
    TemplateData,
    add_version,
    create_template,
    set_published,
)
from app.models import TemplateCategory
from tests.modeles.files import office_file


@pytest.fixture()
def manager(make_manager):
    return make_manager(name="Gestionnaire Modèles", email="modeles@province.test")


@pytest.fixture()
def manager_client(auth, manager):
    return auth.client_for(manager)


@pytest.fixture()
def make_template(db, manager):
    """Create a template with one version per entry of `versions` (a tuple of
    formats each), published unless told otherwise."""

    def factory(title: str = "Demande de prix – fournitures",
                category: TemplateCategory = TemplateCategory.MARCHE_FOURNITURES,
                description: str = "", published: bool = True,
                versions: tuple[tuple[str, ...], ...] = (("docx", "odt"),),
                file_name: str = "modèle", indicative: bool = True):
        data = TemplateData(title, category, description, indicative)
        first, *later = versions
        template = create_template(manager, data, "Première version",
                                   {f: office_file(f, f"{file_name}.{f}") for f in first})
        for number, formats in enumerate(later, start=2):
            add_version(template, manager, f"Version {number}",
                        {f: office_file(f, f"{file_name} v{number}.{f}") for f in formats})
        if published:
            set_published(template, manager, True)
        db.session.commit()
        return template

    return factory
