"""Public pages, the health check, headers and error pages."""
from __future__ import annotations

import re

import pytest
from flask import abort

from app.models import InstitutionKind
from app.reference.seed import seed_reference


def test_home_page_explains_the_platform_in_french(client, db):
    seed_reference()
    db.session.commit()
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="fr-BE">' in html
    assert "e-plateforme supra-communale" in html
    assert "Province de Luxembourg" in html
    assert "Comment adhérer ?" in html
    # member counts by kind: only the Province is a member after seeding
    assert re.search(r"Communes</th><td class=\"num\">0</td><td class=\"num\">43</td>", html)
    assert re.search(r"Province</th><td class=\"num\">1</td><td class=\"num\">1</td>", html)


def test_platform_and_province_names_come_from_configuration(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "PLATFORM_NAME", "e-plateforme de Namur")
    monkeypatch.setitem(app.config, "PROVINCE_NAME", "Province de Namur")
    html = client.get("/").get_data(as_text=True)
    assert "e-plateforme de Namur" in html
    assert "Province de Namur" in html
    assert "Province de Luxembourg" not in html


@pytest.mark.parametrize("path, heading", [
    ("/accessibilite", "Déclaration d'accessibilité"),
    ("/vie-privee", "Protection de la vie privée"),
])
def test_legal_pages(client, path, heading):
    response = client.get(path)
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in response.get_data(as_text=True)


def test_privacy_notice_names_the_controller_and_rights(client):
    html = client.get("/vie-privee").get_data(as_text=True)
    for words in ["Responsable du traitement", "article 13", "Autorité de protection des données",
                  "90 jours", "Vos droits"]:
        assert words in html


def test_every_page_links_the_legal_pages(client):
    for path in ["/", "/accessibilite", "/vie-privee", "/introuvable"]:
        html = client.get(path).get_data(as_text=True)
        assert 'href="/accessibilite"' in html
        assert 'href="/vie-privee"' in html
        assert 'class="skip-link" href="#main"' in html
        assert 'aria-live="polite"' in html


def test_health_check_reports_database_and_no_personal_data(client, make_user):
    make_user(email="secret.person@example.test")
    response = client.get("/sante")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert "outbox_backlog" in body
    assert "example.test" not in response.get_data(as_text=True)


def test_security_headers_on_every_response(client):
    for path in ["/", "/sante", "/introuvable", "/static/css/site.css"]:
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp
        assert "object-src 'none'" in csp
        assert "base-uri 'none'" in csp
        assert "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"]


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    secure = client.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_no_inline_script_or_style_in_pages(client):
    html = client.get("/").get_data(as_text=True)
    assert "<style" not in html
    assert " style=" not in html
    for script in re.findall(r"<script[^>]*>", html):
        assert "src=" in script
    assert not re.search(r"<[^>]+\son[a-z]+=", html)


def test_static_files_have_versioned_urls_and_long_cache(client):
    html = client.get("/").get_data(as_text=True)
    css_url = re.search(r'href="(/static/css/site\.css\?v=[0-9a-f]{12})"', html).group(1)
    js_url = re.search(r'src="(/static/vendor/htmx/htmx-2\.0\.\d+\.min\.js\?v=[0-9a-f]{12})"',
                       html).group(1)
    for url in (css_url, js_url):
        response = client.get(url)
        assert response.status_code == 200
        assert response.cache_control.max_age >= 365 * 24 * 3600


def test_htmx_is_configured_safely_and_sends_the_csrf_header(client, auth, db, make_user):
    html = client.get("/").get_data(as_text=True)
    config = re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", html).group(1)
    for setting in ['"allowEval":false', '"allowScriptTags":false',
                    '"includeIndicatorStyles":false', '"historyCacheSize":0',
                    '"selfRequestsOnly":true']:
        assert setting in config
    auth.login(make_user())
    html = client.get("/").get_data(as_text=True)
    assert re.search(r"<body hx-headers='\{\"X-CSRFToken\": \"[^\"]+\"\}'>", html)


@pytest.mark.parametrize("path", ["/", "/centrales", "/centrales.atom", "/accessibilite",
                                  "/vie-privee"])
def test_a_visitor_reading_public_pages_gets_no_session_cookie(client, db, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert "X-CSRFToken" not in response.get_data(as_text=True)


@pytest.mark.parametrize("code, title", [
    (400, "Requête incorrecte"), (403, "Accès refusé"), (404, "Page introuvable"),
    (405, "Action non autorisée"), (413, "Fichier trop volumineux"),
    (429, "Trop de tentatives"), (500, "Erreur interne"),
])
def test_error_pages_are_french_full_pages(app, client, monkeypatch, code, title):
    def failing_view():
        if code == 500:
            raise RuntimeError("boom")
        abort(code)

    monkeypatch.setitem(app.view_functions, "public.privacy", failing_view)
    response = client.get("/vie-privee")
    html = response.get_data(as_text=True)
    assert response.status_code == code
    assert title in html
    assert "<html" in html
    assert "Traceback" not in html and "boom" not in html


def test_error_pages_are_fragments_for_htmx(app, client, monkeypatch):
    monkeypatch.setitem(app.view_functions, "public.privacy", lambda: abort(403))
    response = client.get("/vie-privee", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "Accès refusé" in html
    assert "<html" not in html
    assert response.headers["HX-Retarget"] == "#main"
    assert "HX-Request" in response.headers["Vary"]


def test_method_not_allowed_is_french(client):
    response = client.delete("/")
    assert response.status_code in (400, 405)
    assert "<html" in response.get_data(as_text=True)


def test_member_counts_ignore_retired_institutions(client, make_institution):
    from app.models import utcnow

    make_institution(InstitutionKind.CPAS, is_member=True)
    make_institution(InstitutionKind.CPAS, is_member=True, retired_at=utcnow())
    html = client.get("/").get_data(as_text=True)
    assert re.search(r"CPAS</th><td class=\"num\">1</td><td class=\"num\">1</td>", html)


def test_nul_characters_are_refused_not_a_server_error(client, auth, make_user):
    auth.login(make_user())
    assert client.get("/annonces?q=a%00b").status_code == 400
    assert client.get("/membres/a%00b").status_code == 400
    assert client.post("/connexion", data={"email": "a\x00b"}).status_code == 400


def test_huge_ids_are_not_found(client, auth, make_user):
    auth.login(make_user())
    assert client.get("/annonces/99999999999999999999999").status_code == 404
    assert client.get("/annonces/2147483648").status_code == 404
