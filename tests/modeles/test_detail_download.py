"""A template's page and its downloads: headers, counts, versions, and
unpublished templates (404 for members, visible to managers)."""
from __future__ import annotations

import re

from app.blueprints.modeles.services import add_version
from app.extensions import db as _db
from app.models import DocumentTemplate, TemplateCategory, TemplateFile
from tests.modeles.files import document_bytes, office_file


def _counts(template_id: int) -> tuple[int, dict[str, int]]:
    _db.session.expire_all()
    template = _db.session.get(DocumentTemplate, template_id)
    files = {f"{f.version.number}.{f.format}": f.download_count
             for v in template.versions for f in v.files}
    return template.download_count, files


def test_detail_shows_description_formats_versions_and_counts(member, make_template):
    template = make_template(
        title="Convention de prêt de matériel", category=TemplateCategory.CONVENTION_PRET,
        description="Pour prêter une **remorque**.\n\n<script>alert(1)</script>",
        versions=(("docx",), ("docx", "odt", "pdf")))
    html = member.get(f"/modeles/{template.id}").get_data(as_text=True)
    assert "<h1 id=\"template-title\">Convention de prêt de matériel</h1>" in html
    assert "<strong>remorque</strong>" in html and "<script>alert" not in html
    assert ("Modèle indicatif : à adapter à votre situation ; il ne constitue pas un avis "
            "juridique.") in html
    assert re.findall(r"Télécharger en (\w+)</a>", html) == ["DOCX", "ODT", "PDF"]
    assert f'href="/modeles/{template.id}/telecharger?format=odt"' in html
    assert re.search(r"\(\d+ Ko\)", html)
    old = template.versions[-1]
    assert f'href="/modeles/{template.id}/versions/{old.id}/docx"' in html
    assert "Version 2" in html and "Première version" in html
    assert "<dt>Téléchargements</dt>\n    <dd>0</dd>" in html


def test_no_indicative_mention_when_not_indicative(member, make_template):
    template = make_template(indicative=False)
    html = member.get(f"/modeles/{template.id}").get_data(as_text=True)
    assert "il ne constitue pas un avis juridique" not in html


def test_download_headers_and_counts(member, make_template):
    template = make_template(file_name="Convention de prêt à usage",
                             versions=(("docx", "odt"),))
    response = member.get(f"/modeles/{template.id}/telecharger?format=odt")
    assert response.status_code == 200
    assert response.data == document_bytes("odt")
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''Convention%20de%20pr%C3%AAt%20%C3%A0%20usage.odt" in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Type"] == "application/vnd.oasis.opendocument.text"
    assert _counts(template.id) == (1, {"1.docx": 0, "1.odt": 1})
    default = member.get(f"/modeles/{template.id}/telecharger")
    assert default.headers["Content-Disposition"].endswith(".docx")
    assert _counts(template.id) == (2, {"1.docx": 1, "1.odt": 1})
    assert member.head(f"/modeles/{template.id}/telecharger").status_code == 200
    assert _counts(template.id)[0] == 2  # a HEAD request is not a download


def test_unknown_or_missing_format_is_404(member, make_template):
    template = make_template(versions=(("docx",),))
    for query in ("format=pdf", "format=exe", "format=../../etc/passwd"):
        assert member.get(f"/modeles/{template.id}/telecharger?{query}").status_code == 404
    assert member.get("/modeles/999999/telecharger").status_code == 404
    assert _counts(template.id)[0] == 0


def test_a_new_version_keeps_the_url_and_the_old_one_stays_available(
        member, make_template, manager, db):
    template = make_template(versions=(("docx",),), file_name="ancien")
    url = f"/modeles/{template.id}"
    first = template.current_version
    add_version(template, manager, "Mise à jour 2026",
                {"docx": office_file("docx", "nouveau.docx")})
    db.session.commit()
    html = member.get(url).get_data(as_text=True)
    assert "Mise à jour 2026" in html
    latest = member.get(f"{url}/telecharger")
    assert latest.headers["Content-Disposition"].endswith("nouveau.docx")
    old = member.get(f"{url}/versions/{first.id}/docx")
    assert old.status_code == 200 and "ancien.docx" in old.headers["Content-Disposition"]
    assert _counts(template.id) == (2, {"1.docx": 1, "2.docx": 1})


def test_a_version_of_another_template_is_404(member, make_template):
    one, other = make_template(title="Un"), make_template(title="Autre")
    version = other.current_version
    assert member.get(f"/modeles/{one.id}/versions/{version.id}/docx").status_code == 404
    assert member.get(f"/modeles/{other.id}/versions/{version.id}/pdf").status_code == 404
    assert member.get(f"/modeles/{other.id}/versions/{version.id}/exe").status_code == 404


def test_unpublished_template_is_404_for_members_and_visible_to_managers(
        member, manager_client, make_template):
    template = make_template(title="Brouillon", published=False)
    version = template.current_version
    for path in (f"/modeles/{template.id}", f"/modeles/{template.id}/telecharger",
                 f"/modeles/{template.id}/versions/{version.id}/docx"):
        assert member.get(path).status_code == 404
        assert manager_client.get(path).status_code == 200
    html = manager_client.get(f"/modeles/{template.id}").get_data(as_text=True)
    assert "Non publié" in html and f'href="/gestion/modeles/{template.id}"' in html


def test_a_file_missing_from_disk_is_404_and_not_counted(app, member, make_template, db):
    import os

    template = make_template(versions=(("docx",),))
    stored = db.session.scalars(_db.select(TemplateFile.stored_name)).one()
    os.unlink(os.path.join(app.config["UPLOAD_FOLDER"], stored))
    assert member.get(f"/modeles/{template.id}/telecharger").status_code == 404
    assert _counts(template.id)[0] == 0
