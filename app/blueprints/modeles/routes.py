"""Routes of the modeles section."""
from app.blueprints.modeles import bp  # noqa: F401
