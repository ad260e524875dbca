"""Test cases of markup.yml, rule markup-of-variable (semgrep --test)."""
from markupsafe import Markup, escape


def link(url):
    # ok: markup-of-variable
    return Markup('<a href="{0}">{0}</a>').format(url)


def joined(parts):
    # ok: markup-of-variable
    return Markup("").join(parts)


def bold(text):
    # ruleid: markup-of-variable
    return Markup(f"<strong>{text}</strong>")


def raw(html):
    # ruleid: markup-of-variable
    return Markup(html)


def concatenated(text):
    # ruleid: markup-of-variable
    return Markup("<em>" + text + "</em>")


def escaped(text):
    # ok: markup-of-variable
    return escape(text)
