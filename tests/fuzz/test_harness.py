"""The harness's own checks can fail: a raw fragment is caught, its escaped
form is not; NUL bytes and browser file names are handled as browsers and
the application do."""
from __future__ import annotations

from markupsafe import escape

from tests.fuzz.harness import browser_file_name, has_nul, raw_leaks, table_counts
from tests.fuzz.strategies import EVALUATED, MARKUP, TEMPLATE_INJECTION


def test_raw_fragments_are_caught_and_escaped_ones_are_not():
    for piece in MARKUP:
        value = f"Bonjour {piece} !"
        assert raw_leaks(f'<p title="{value}">{value}</p>', [value], "") != []
        assert raw_leaks(f'<p title="{escape(value)}">{escape(value)}</p>', [value], "") == []


def test_a_quote_in_text_is_harmless_but_not_in_a_tag():
    value = '"onmouseover="xfuzz()'
    assert raw_leaks(f"<p>{value}</p>", [value], "") == []
    assert raw_leaks(f'<input value="{value}">', [value], "") != []
    assert raw_leaks(f'<input value="{escape(value)}">', [value], "") == []


def test_other_markup_counts_only_when_long_and_not_in_the_page_anyway():
    typed = '<b onclick="x">'
    assert raw_leaks(f"<div>{typed}</div>", [typed], "") == [typed]
    assert raw_leaks(f"<div>{typed}</div>", [typed], f"<div>{typed}</div>") == []
    assert raw_leaks("<div>a<b</div>", ["a<b"], "") == []  # too short to tell


def test_an_evaluated_template_expression_is_caught():
    assert raw_leaks(f"<p>{EVALUATED}</p>", [TEMPLATE_INJECTION], "") == [EVALUATED]


def test_nul_bytes_and_file_names():
    assert has_nul({"a": "x", "b": ["y", "z\x00"]}) and not has_nul({"a": None, "b": "x"})
    assert browser_file_name('a"b\r\nc.pdf') == "a%22b%0D%0Ac.pdf"


def test_table_counts_see_every_table(db):
    counts = table_counts()
    assert set(db.metadata.tables) <= set(counts) and counts["#outbox"] == 0
