"""The audit log: newest first, filters (with and without htmx), read only,
and a French label for every audited action."""
from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.blueprints.gestion.logs.audit.labels import AUDIT_LABELS
from app.models import AuditEntry
from tests.helpers import count_queries, csrf_token

HX = {"HX-Request": "true"}
APP_DIR = Path(__file__).resolve().parents[2] / "app"
# Actions built at run time by app/blueprints/gestion/content/services.py.
PUBLISHED_KINDS = ("mission", "centrale")
PUBLISHING_VERBS = ("created", "updated", "published", "unpublished", "moved")


def _entry(db, action: str, actor=None, when: datetime | None = None, summary: str = ""):
    entry = AuditEntry(action=action, actor_id=actor.id if actor else None,
                       summary=summary or action, created_at=when or datetime.now(UTC))
    db.session.add(entry)
    db.session.commit()
    return entry


@pytest.fixture()
def entries(db, manager, make_user):
    agent = make_user(name="Zoé Agent", email="zoe@bouillon.test")
    return [
        _entry(db, "registration.approved", manager, datetime(2026, 3, 2, 9, tzinfo=UTC),
               "Adhésion approuvée : Commune de Habay"),
        _entry(db, "annonce.created", agent, datetime(2026, 3, 15, 9, tzinfo=UTC),
               "Remorque à prêter"),
        _entry(db, "annonce.hidden", manager, datetime(2026, 4, 1, 9, tzinfo=UTC),
               "Vente de tondeuses"),
        _entry(db, "email.retried", None, datetime(2026, 4, 30, 22, 30, tzinfo=UTC),
               "Courriel n° 4 remis en envoi"),
    ]


def _summaries(html: str) -> list[str]:
    return re.findall(r"<td>([^<]+)</td>\s*</tr>", html)


@pytest.mark.parametrize("path", ["/gestion/journal", "/gestion/journal?action=annonce.hidden"])
def test_only_managers_read_the_journal(client, member_client, manager_client, path):
    visitor = client.get(path)
    assert visitor.status_code == 302 and visitor.headers["Location"].startswith("/connexion")
    assert member_client.get(path).status_code == 403
    assert manager_client.get(path).status_code == 200


def test_newest_first_with_french_labels(manager_client, entries):
    html = manager_client.get("/gestion/journal").get_data(as_text=True)
    assert _summaries(html) == ["Courriel n° 4 remis en envoi", "Vente de tondeuses",
                                "Remorque à prêter", "Adhésion approuvée : Commune de Habay"]
    assert "4 entrées" in html
    assert "Annonce masquée" in html and "Système" in html
    assert "01/04/2026 à 11:00" in html  # Brussels time
    assert '<option value="annonce.hidden">Annonce masquée</option>' in html


@pytest.mark.parametrize("query, expected", [
    ("action=annonce.hidden", ["Vente de tondeuses"]),
    ("acteur=ZOÉ", ["Remorque à prêter"]),
    ("acteur=zoe agent", ["Remorque à prêter"]),  # accents and case ignored
    ("acteur=%25", []),  # wildcards are plain characters
    ("acteur=bouillon.test", ["Remorque à prêter"]),
    ("acteur=gestion", ["Vente de tondeuses", "Adhésion approuvée : Commune de Habay"]),
    ("du=15/03/2026&au=01/04/2026", ["Vente de tondeuses", "Remorque à prêter"]),
    ("du=2026-03-15&au=2026-04-01", ["Vente de tondeuses", "Remorque à prêter"]),
    # 22:30 UTC on 30 April is already 1 May in Brussels.
    ("au=30/04/2026", ["Vente de tondeuses", "Remorque à prêter",
                       "Adhésion approuvée : Commune de Habay"]),
    ("du=01/05/2026", ["Courriel n° 4 remis en envoi"]),
    ("action=annonce.hidden&acteur=zoé", []),
])
def test_filters(manager_client, entries, query, expected):
    html = manager_client.get(f"/gestion/journal?{query}").get_data(as_text=True)
    assert _summaries(html) == expected


def test_typed_dates_are_kept_and_bad_ones_explained(manager_client, entries):
    html = manager_client.get("/gestion/journal?du=2026-03-15").get_data(as_text=True)
    assert 'value="15/03/2026"' in html
    html = manager_client.get("/gestion/journal?du=31/02/2026&au=hier").get_data(as_text=True)
    assert 'id="du-error">Cette date n&#39;est pas valide' in html
    assert 'id="au-error">Cette date n&#39;est pas valide' in html
    assert 'value="31/02/2026"' in html and 'value="hier"' in html
    assert len(_summaries(html)) == 4  # wrong dates are ignored
    html = manager_client.get("/gestion/journal?du=02/04/2026&au=01/04/2026").get_data(
        as_text=True)
    assert "La date de fin doit être égale ou postérieure à la date de début." in html
    html = manager_client.get("/gestion/journal?du=01/01/9999&action=x").get_data(as_text=True)
    assert "Indiquez une année entre 2000 et 2100." in html
    assert "Choisissez une action dans la liste." in html


def test_htmx_gets_the_fragment_and_the_url_works_without_it(manager_client, entries):
    url = "/gestion/journal?action=annonce.created"
    full = manager_client.get(url)
    fragment = manager_client.get(url, headers=HX)
    full_html, fragment_html = full.get_data(as_text=True), fragment.get_data(as_text=True)
    assert "<html" in full_html and 'hx-push-url="true"' in full_html
    assert "<html" not in fragment_html and 'id="journal"' in fragment_html
    assert _summaries(fragment_html) == _summaries(full_html) == ["Remorque à prêter"]
    assert "1 entrée trouvée." in fragment_html and "autofocus" in fragment_html
    assert "HX-Request" in full.headers["Vary"] and "HX-Request" in fragment.headers["Vary"]


def test_paginated_by_fifty_keeping_the_filters(db, manager_client, manager):
    for number in range(51):
        _entry(db, "email.retried", manager, summary=f"Courriel {number}")
    html = manager_client.get("/gestion/journal?action=email.retried").get_data(as_text=True)
    assert "51 entrées" in html and "Page 1 sur 2" in html
    assert 'href="/gestion/journal?page=2&amp;action=email.retried"' in html
    second = manager_client.get("/gestion/journal?page=2&action=email.retried")
    assert len(_summaries(second.get_data(as_text=True))) == 1


def test_the_journal_is_read_only(app, manager_client, entries):
    rules = [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/gestion/journal")]
    assert rules and all(rule.methods <= {"GET", "HEAD", "OPTIONS"} for rule in rules)
    token = csrf_token(manager_client, "/gestion/journal")
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        response = manager_client.open("/gestion/journal", method=method,
                                       data={"csrf_token": token})
        assert response.status_code == 405
    # No code deletes an entry; only the anonymisation of a user who left
    # rewrites the personal data held in entries' details (GDPR).
    for path in APP_DIR.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"delete\(\s*AuditEntry|session\.delete\(\s*entry", source), path
        if path.name != "anonymisation.py":
            assert not re.search(r"update\(\s*AuditEntry", source), path


def test_every_audited_action_has_a_french_label():
    literal, dynamic = set(), []
    for path in APP_DIR.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        # The action is the first argument, possibly "a.b" if ... else "a.c".
        for action in re.findall(r"\brecord\(\s*([^,]+),", source):
            literal.update(re.findall(r"\"([a-z_]+\.[a-z_]+)\"", action))
        dynamic += [path.relative_to(APP_DIR).as_posix()
                    for _ in re.findall(r"\brecord\(\s*f\"", source)]
    assert set(dynamic) <= {"blueprints/gestion/content/services.py"}, \
        "a new computed action needs a label"
    published = {f"{kind}.{verb}" for kind in PUBLISHED_KINDS for verb in PUBLISHING_VERBS}
    assert sorted((literal | published) - set(AUDIT_LABELS)) == []


def test_query_count_does_not_grow_with_the_entries(db, manager_client, manager):
    _entry(db, "email.retried", manager)
    few = count_queries(manager_client, "/gestion/journal?acteur=gestion")
    for number in range(30):
        _entry(db, "email.retried", manager, summary=f"Courriel {number}")
    assert count_queries(manager_client, "/gestion/journal?acteur=gestion") == few
