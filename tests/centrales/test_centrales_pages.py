"""The list of centrals shows 20 a page, with links to the other pages that
keep the filters; a page out of range shows the last one."""
from __future__ import annotations

import re

from app.models import CentraleDomain
from tests.centrales.content_factories import make_centrale


def _titles(response) -> list[str]:
    return re.findall(r'<h3><a href="/centrales/[^"]+">([^<]+)</a></h3>',
                      response.get_data(as_text=True))


def _centrales(db, count: int, **fields) -> list[str]:
    return [make_centrale(db, title=f"Centrale n° {n:02d}", **fields).title
            for n in range(1, count + 1)]


def test_twenty_centrals_a_page_in_the_managers_order(client, db):
    titles = _centrales(db, 25)
    first = client.get("/centrales")
    html = first.get_data(as_text=True)
    assert _titles(first) == titles[:20]
    assert "25 centrales" in html
    assert "Page 1 sur 2" in html
    assert 'href="/centrales?page=2" rel="next"' in html
    assert 'rel="prev"' not in html

    second = client.get("/centrales?page=2")
    html = second.get_data(as_text=True)
    assert _titles(second) == titles[20:]
    assert "25 centrales" in html and "Page 2 sur 2" in html
    assert 'href="/centrales" rel="prev"' in html
    assert 'rel="next"' not in html


def test_page_links_keep_the_filters_and_fragments_have_them(client, db):
    _centrales(db, 21, domain=CentraleDomain.TRAVAUX)
    _centrales(db, 3, domain=CentraleDomain.SERVICES)
    response = client.get("/centrales?domaine=travaux", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert "<html" not in html
    assert len(_titles(response)) == 20
    assert "21 centrales" in html
    assert 'href="/centrales?domaine=travaux&amp;page=2" rel="next"' in html
    assert len(_titles(client.get("/centrales?domaine=travaux&page=2"))) == 1


def test_one_page_has_no_page_links(client, db):
    _centrales(db, 20)
    html = client.get("/centrales").get_data(as_text=True)
    assert "20 centrales" in html
    assert "Page 1 sur" not in html and "pagination" not in html


def test_pages_out_of_range_or_malformed_show_a_real_page(client, db):
    titles = _centrales(db, 22)
    assert _titles(client.get("/centrales?page=9")) == titles[20:]
    for page in ("0", "-1", "deux", "²", "9" * 50, ""):
        response = client.get(f"/centrales?page={page}")
        assert response.status_code == 200
        assert _titles(response) == titles[:20]
