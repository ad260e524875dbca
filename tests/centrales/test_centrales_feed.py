"""The Atom feed of the published centrals: valid XML, absolute links from
PUBLIC_URL, status and dates in the summary, nothing unpublished."""
from __future__ import annotations

from xml.etree import ElementTree

from tests.centrales.content_factories import in_days, make_centrale

ATOM = "{http://www.w3.org/2005/Atom}"


def _entries(response):
    root = ElementTree.fromstring(response.data)  # noqa: S314 - the app's own answer
    assert root.tag == f"{ATOM}feed"
    return root, root.findall(f"{ATOM}entry")


def test_feed_lists_the_published_centrals(client, app, db, make_user):
    make_centrale(db, title="Sel de déneigement", slug="sel", adhesion_deadline=in_days(20),
                  valid_from=in_days(-5), valid_until=in_days(300))
    make_centrale(db, title="Marquage routier", slug="marquage", valid_until=in_days(-1),
                  adhesion_deadline=in_days(-100))
    make_centrale(db, title="Brouillon", slug="brouillon", is_published=False)
    make_user(email="agent.secret@commune.test")
    response = client.get("/centrales.atom")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    root, entries = _entries(response)
    public_url = app.config["PUBLIC_URL"]
    assert root.find(f"{ATOM}title").text == "Centrales d'achats – Province de Luxembourg"
    assert root.find(f"{ATOM}id").text == f"{public_url}/centrales.atom"
    assert root.find(f"{ATOM}updated").text
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links == {"alternate": f"{public_url}/centrales", "self": f"{public_url}/centrales.atom"}
    by_title = {entry.find(f"{ATOM}title").text: entry for entry in entries}
    assert set(by_title) == {"Sel de déneigement", "Marquage routier"}
    sel = by_title["Sel de déneigement"]
    assert sel.find(f"{ATOM}link").get("href") == f"{public_url}/centrales/sel"
    assert sel.find(f"{ATOM}id").text == f"{public_url}/centrales/sel"
    assert sel.find(f"{ATOM}updated").text
    summary = sel.find(f"{ATOM}summary").text
    assert summary.startswith("Ouverte aux adhésions – Fournitures")
    assert f"Adhésions jusqu'au {in_days(20):%d/%m/%Y}." in summary
    assert f"Validité du {in_days(-5):%d/%m/%Y} au {in_days(300):%d/%m/%Y}." in summary
    assert by_title["Marquage routier"].find(f"{ATOM}summary").text.startswith("Clôturée")
    assert b"agent.secret@commune.test" not in response.data


def test_empty_feed_is_valid(client, db):
    response = client.get("/centrales.atom")
    root, entries = _entries(response)
    assert entries == [] and root.find(f"{ATOM}updated").text


def test_feed_link_on_the_list(client, db):
    html = client.get("/centrales").get_data(as_text=True)
    assert ('<link rel="alternate" type="application/atom+xml" '
            'title="Centrales d\'achats – flux Atom" href="/centrales.atom">') in html
