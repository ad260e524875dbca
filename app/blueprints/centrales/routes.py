"""Routes of the centrales section."""
from app.blueprints.centrales import bp  # noqa: F401
