"""Markdown preview for the manager's editors: the text as members will see
it, rendered by the same sanitising renderer. htmx shows it under the field;
without JavaScript it opens as a page in a new tab."""
from __future__ import annotations

from flask import request

from app.blueprints.gestion import bp
from app.markdown import render_markdown
from app.web.render import render

MAX_PREVIEW = 50_000


@bp.post("/apercu")
def markdown_preview():
    field_name = request.form.get("_field", "text")
    text = request.form.get(field_name, "")[:MAX_PREVIEW]
    return render("gestion/preview.html", "gestion/_preview.html", html=render_markdown(text))
