"""Back office: CSV exports of members, users, annonces and statistics, as
files a Belgian spreadsheet opens as they are (see `spreadsheet`)."""
from __future__ import annotations

from flask import Response, abort, request

from app.blueprints.gestion import bp
from app.blueprints.gestion.reports.exports.tables import EXPORTS
from app.blueprints.gestion.spreadsheet import csv_bytes
from app.localtime import brussels_today


@bp.get("/exports/<kind>.csv")
def export(kind: str):
    if kind not in EXPORTS:
        abort(404)
    body = csv_bytes(*EXPORTS[kind](request.args))
    filename = f"{kind}-{brussels_today():%Y-%m-%d}.csv"
    return Response(body, content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
