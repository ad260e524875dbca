"""The Atom feed of the published centrals (feedgen), with absolute links
built from PUBLIC_URL."""
from __future__ import annotations

from feedgen.feed import FeedGenerator
from flask import current_app, render_template

from app.localtime import brussels_today
from app.mail.queue import external_url
from app.models import Centrale, utcnow


def centrales_feed(centrales: list[Centrale]) -> bytes:
    """The feed as UTF-8 Atom XML; `centrales` newest first."""
    config = current_app.config
    today = brussels_today()
    feed = FeedGenerator()
    feed.id(external_url("centrales.feed"))
    feed.title(f"Centrales d'achats – {config['PROVINCE_NAME']}")
    feed.subtitle("Les centrales d'achats de la Province, ouvertes à tous les pouvoirs "
                  "locaux : nouvelles centrales, délais d'adhésion et périodes de validité.")
    feed.author({"name": config["PROVINCE_NAME"]})
    feed.link(href=external_url("centrales.index"), rel="alternate", type="text/html")
    feed.link(href=external_url("centrales.feed"), rel="self",
              type="application/atom+xml")
    feed.language("fr-BE")
    feed.updated(max((c.updated_at for c in centrales), default=utcnow()))
    for centrale in centrales:
        link = external_url("centrales.detail", slug=centrale.slug)
        entry = feed.add_entry(order="append")
        entry.id(link)
        entry.title(centrale.title)
        entry.link(href=link, rel="alternate", type="text/html")
        entry.published(centrale.created_at)
        entry.updated(centrale.updated_at)
        entry.summary(render_template("centrales/feed_summary.txt", centrale=centrale,
                                      status=centrale.status_on(today)).strip())
    return feed.atom_str(pretty=True)
