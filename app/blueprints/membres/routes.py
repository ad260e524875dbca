"""Routes of the membres section."""
from app.blueprints.membres import bp  # noqa: F401
