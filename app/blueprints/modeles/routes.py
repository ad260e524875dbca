"""The templates section for members: the list (one URL for the page and
the htmx fragment), a template's page, and the downloads."""
from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import ngettext
from flask_login import current_user

from app.blueprints.modeles import bp
from app.blueprints.modeles.queries import (
    FORMATS,
    TemplateFilters,
    category_groups,
    list_templates,
    load_template,
    sorted_files,
)
from app.blueprints.modeles.services import count_download
from app.markdown import render_markdown
from app.models import DocumentTemplate, TemplateFile
from app.uploads import send_stored
from app.web.actions import run_service
from app.web.render import render


@bp.get("")
def index():
    filters = TemplateFilters.from_args(request.args)
    page = list_templates(filters)
    return render("modeles/index.html", "modeles/_results.html",
                  announce=ngettext("%(num)d modèle trouvé.", "%(num)d modèles trouvés.",
                                    page.total), filters=filters, page=page,
                  groups=category_groups(), sorted_files=sorted_files)


@bp.get("/<int:template_id>")
def detail(template_id: int):
    template = load_template(template_id, current_user, with_versions=True)
    return render_template("modeles/detail.html", template=template, sorted_files=sorted_files,
                           description_html=render_markdown(template.description))


@bp.get("/<int:template_id>/telecharger")
def download(template_id: int):
    template = load_template(template_id, current_user)
    files = sorted_files(template.current_version)
    wanted = request.args.get("format") or (files[0].format if files else "")
    return _send(template, next((f for f in files if f.format == wanted), None))


@bp.get("/<int:template_id>/versions/<int:version_id>/<file_format>")
def download_version(template_id: int, version_id: int, file_format: str):
    template = load_template(template_id, current_user, with_versions=True)
    version = next((v for v in template.versions if v.id == version_id), None)
    if version is None or file_format not in FORMATS:
        abort(404)
    return _send(template, next((f for f in version.files if f.format == file_format), None))


def _send(template: DocumentTemplate, file: TemplateFile | None):
    """The file as an attachment, counted once it is found on disk."""
    if file is None:
        abort(404)
    response = send_stored(file)
    if request.method == "GET":  # a HEAD request downloads nothing
        run_service(count_download, template, file)
    return response
