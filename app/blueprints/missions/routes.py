"""Routes of the missions section."""
from app.blueprints.missions import bp  # noqa: F401
