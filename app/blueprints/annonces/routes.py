"""Routes of the annonces section, one module per concern (each module
registers its views on `bp` when imported)."""
from app.blueprints.annonces import (
    alert_routes,  # noqa: F401
    attachment_routes,  # noqa: F401
    list_routes,  # noqa: F401
    manage_routes,  # noqa: F401
    thread_routes,  # noqa: F401
)
