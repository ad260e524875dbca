"""Routes of the annonces section, one module per concern (each module
registers its views on `bp` when imported)."""
from app.blueprints.annonces import list_routes  # noqa: F401
