"""Test cases of commit-in-get.yml (semgrep --test)."""
from flask import Blueprint

from app.extensions import db, limiter

bp = Blueprint("example", __name__)


@bp.get("/compteur")
def count_view():
    # ruleid: commit-in-get-view
    db.session.commit()


@bp.route("/marquer")
def mark():
    if True:
        # ruleid: commit-in-get-view
        db.session.commit()


@bp.route("/lire", methods=["GET"])
def read():
    # ruleid: commit-in-get-view
    db.session.commit()


@bp.route("/modifier", methods=["GET", "POST"])
def edit():
    # ok: commit-in-get-view
    db.session.commit()


@bp.post("/supprimer")
def delete():
    # ok: commit-in-get-view
    db.session.commit()


def helper():
    # ok: commit-in-get-view
    db.session.commit()


@bp.get("/export")
@limiter.limit("5 per minute")
def export():
    # ruleid: commit-in-get-view
    db.session.commit()


@bp.route("/relancer", methods=("GET", "POST"))
@limiter.limit("5 per minute")
def retry():
    # ok: commit-in-get-view
    db.session.commit()
