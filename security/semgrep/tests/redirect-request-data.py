"""Test cases of redirect-request-data.yml (semgrep --test)."""
from flask import redirect, request, url_for

from app.web.urls import safe_next_path


def login_done():
    # ruleid: redirect-from-request-data
    return redirect(request.args.get("next"))


def login_done_form():
    target = request.form["next"]
    # ruleid: redirect-from-request-data
    return redirect(target, code=303)


def back():
    # ruleid: redirect-from-request-data
    return redirect(request.referrer or "/")


def back_header():
    # ruleid: redirect-from-request-data
    return redirect(request.headers.get("HX-Current-URL"))


def login_done_checked():
    # ok: redirect-from-request-data
    return redirect(safe_next_path(request.values.get("next")) or url_for("public.home"))


def back_checked():
    back_to = safe_next_path(request.form.get("next")) or url_for("gestion.templates")
    # ok: redirect-from-request-data
    return redirect(back_to, code=303)


def to_list():
    # ok: redirect-from-request-data
    return redirect(url_for("annonces.index", q=request.args.get("q")))
