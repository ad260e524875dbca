"""Every pooled database connection busy (a burst of slow requests): the
next request waits `pool_timeout` seconds, then gets the French 503 page,
not a 500, and works again once a connection is free."""
from __future__ import annotations

from app import create_app
from app.extensions import db


def test_an_exhausted_pool_gives_a_503_then_recovers(tmp_path):
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'pool.sqlite3'}",
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 1, "max_overflow": 0,
                                      "pool_timeout": 0.2, "pool_pre_ping": True},
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "SERVER_NAME": None,
    })
    with app.app_context():
        db.create_all()
        engine = db.engine
    client = app.test_client()
    held = engine.connect()  # the only connection of the pool
    try:
        response = client.get("/centrales", headers={"HX-Request": "true"})
        page = client.get("/centrales")
    finally:
        held.close()
    assert response.status_code == 503
    assert response.headers["HX-Retarget"] == "#main"
    assert page.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert "momentanément indisponible" in page.get_data(as_text=True)
    assert client.get("/centrales").status_code == 200
    with app.app_context():
        db.engine.dispose()
