"""Routes of the gestion section."""
from app.blueprints.gestion import bp  # noqa: F401
