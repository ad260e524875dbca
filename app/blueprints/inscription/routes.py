"""Routes of the inscription section."""
from app.blueprints.inscription import bp  # noqa: F401
