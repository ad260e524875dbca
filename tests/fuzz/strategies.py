"""Hypothesis strategies for fuzzing the forms: what browsers, bots and
attackers send. Each field strategy mixes valid values (so that some
examples go all the way to the database) with hostile ones."""
from __future__ import annotations

from hypothesis import strategies as st

# Raw fragments that must never reach an HTML page unescaped. Each holds the
# marker "xfuzz", which no page of the application contains.
MARKUP = (
    "<x-fuzz>",
    '"onmouseover="xfuzz()',
    "'><svg/onload=xfuzz()>",
    "<script>xfuzz()</script>",
    '" hx-get="/xfuzz" hx-trigger="load',
    "<img src=x onerror=xfuzz()>",
    "</textarea><x-fuzz>",
    "</title><x-fuzz>",
    "<!--xfuzz-->",
)
# A template rendered from user input would turn this into "1337xfuzz".
TEMPLATE_INJECTION = "{{ 7*191 }}xfuzz"
EVALUATED = "1337xfuzz"
SQL = (
    "' OR 1=1 --", "'; DROP TABLE user_account; --", '" OR ""="', "1 OR 1=1",
    "%", "_", "%%'", "\\", "\\'", "') UNION SELECT NULL--", "1; SELECT pg_sleep(0)",
    "é%_\\", "*", "?", "$1",
)
SPECIAL = (
    "", " ", "\t", "\r\n", "\n\n\n", "\u202e", "\u200b", "\ufeff", "\u0301", "ﷺ", "ß",
    "🙂🇧🇪👩‍👩‍👧", "Ǆ", "İ", "ﬁ", "Ⅻ", "²", "١٢", "９", "\x7f", "\x1b[31m", "\x0b\x0c",
    "null", "None", "undefined", "true", "on", "y", "0", "NaN", "Infinity",
    "a" * 5000, "é" * 2501, "🙂" * 1200, "x" * 161, "x" * 2001, " " * 300 + "a",
)
DATES = (
    "0000-00-00", "2026-02-30", "2025-02-29", "99999-01-01", "9999-12-31", "0001-01-01",
    "1900-01-01", "2026-13-01", "2026-00-10", "2026-1-1", "31/12/9999", "01/01/0001",
    "30/02/2026", "29/11/2026", "2026-11-29", " 2026-11-29 ", "2026-11-29T10:00",
    "29.11.2026", "29-11-2026", "11/29/2026", "demain", "-2026-01-01", "+2026-01-01",
    "2026-11-29\x00", "２０２６-１１-２９",
)
NUMBERS = (
    "-1", "0", "1", "-0", "00001", str(2**31 - 1), str(2**31), str(2**32), str(2**63 - 1),
    str(2**63), str(2**64), str(-(2**63)), "1e9", "1E400", "1.5", "-1.5", "0x10", "1_000",
    " 1", "1 ", "+1", "NaN", "inf", "9" * 50, "9" * 5000, "1" * 4301,
    # Unicode digits: str.isdigit() says yes, int() may say no.
    "²", "³", "¹²", "١٢", "９", "Ⅻ", "߁", "①",
)
FILE_NAMES = (
    "../../etc/passwd.pdf", "..\\..\\windows\\win.ini.pdf", "/etc/passwd", "a\x00.pdf",
    "convention\x00.exe", "évaluation 2026 — version finale.pdf", "x" * 300 + ".pdf",
    "sans-extension", ".pdf", ".", "..", "", " ", "document.pdf.exe", "document.exe.pdf",
    "photo.PNG", "CON.pdf", "<x-fuzz>.pdf", '"onmouseover="xfuzz().pdf', "a/b\\c.docx",
    "%00.pdf", "\u202egpj.pdf", "🙂.odt", "fichier.docm", "fichier.xlsm", "..pdf",
    "modèle.odt ", "NUL", "file:name?.pdf", "tab\tname.ods", "line\nbreak.xlsx",
)
# The sweep: every field of every form gets each of these once, so that the
# classic traps are always tried, whatever hypothesis draws.
EDGE = (
    "", " ", "\x00", "²", "١٢", "9" * 5000, "1" * 4301, "-1", "0", str(2**31),
    str(2**63), "1e9", "NaN", "1.5", "0000-00-00", "2026-02-30", "99999-01-01", "0001-01-01",
    "9999-12-31", "31/12/9999", "<x-fuzz>", '"onmouseover="xfuzz()', TEMPLATE_INJECTION,
    "' OR 1=1 --", "%_\\", "\u202e\u200b", "🙂🇧🇪", "a" * 5000, "\r\n\t", "\x1b\x7f",
)
MAGIC = (
    b"", b"%PDF-1.4\n", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"GIF89a",
    b"RIFF\x00\x00\x00\x00WEBP", b"PK\x03\x04", b"PK\x05\x06" + b"\x00" * 18,
    b"<html><script>xfuzz()</script>", b"MZ",
)


def _no_surrogates(alphabet_max: int | None = None):
    # Browsers never send lone surrogates: they cannot be encoded in UTF-8.
    return st.characters(exclude_categories=("Cs",), max_codepoint=alphabet_max)


def browser_text(max_size: int = 60):
    return st.text(_no_surrogates(), max_size=max_size)


def long_text():
    """Up to about 5 000 characters, cheap to generate."""
    return st.builds(lambda unit, times: (unit * times)[:5000],
                     st.text(_no_surrogates(), min_size=1, max_size=8),
                     st.integers(min_value=50, max_value=1000))


def markup():
    """Hostile HTML, JS and template syntax, alone or mixed with text."""
    piece = st.one_of(st.sampled_from((*MARKUP, TEMPLATE_INJECTION)), browser_text(8))
    return st.lists(piece, min_size=1, max_size=4).map("".join).filter(
        lambda value: "xfuzz" in value)


def hostile():
    """Any value a field may receive, valid or not."""
    return st.one_of(
        browser_text(),
        markup(),
        st.sampled_from(SQL),
        st.sampled_from(SPECIAL),
        st.sampled_from(DATES),
        st.sampled_from(NUMBERS),
        st.integers().map(str),
        st.floats().map(str),
        long_text(),
        st.just("\x00"),
        st.builds(lambda a, b: f"{a}\x00{b}", browser_text(5), browser_text(5)),
    )


def field(*valid: str):
    """A field that is valid about half the time."""
    if not valid:
        return hostile()
    return st.one_of(st.sampled_from(valid), hostile())


def ids(*known: int):
    """An id typed into a select or a hidden field."""
    return st.one_of(st.sampled_from([str(i) for i in known] or ["1"]),
                     st.integers(min_value=-(2**65), max_value=2**65).map(str),
                     st.sampled_from(NUMBERS), hostile())


def path_ids(*known: int):
    """An id in a URL, a known one half the time: the converter refuses what
    is not a positive number."""
    known_ids = st.sampled_from(known or (1,))
    return st.one_of(known_ids, known_ids,
                     st.integers(min_value=0, max_value=2**64),
                     st.sampled_from((2**31 - 1, 2**31, 2**63, 10**30)))


def numbers(*valid: str):
    """A page number or a count typed in the address bar."""
    return st.one_of(st.sampled_from(valid or ("1",)), st.sampled_from(NUMBERS),
                     st.integers().map(str), st.floats().map(str), hostile())


def dates(*valid: str):
    iso = st.dates().map(lambda day: day.isoformat())
    belgian = st.dates().map(lambda day: day.strftime("%d/%m/%Y"))
    return st.one_of(st.sampled_from(valid or ("",)), st.sampled_from(DATES), iso, belgian,
                     hostile())


def file_names():
    return st.one_of(st.sampled_from(FILE_NAMES),
                     st.builds(lambda stem, ext: f"{stem}.{ext}", browser_text(40),
                               st.sampled_from(("pdf", "png", "docx", "odt", "xlsx", "ods",
                                                "jpg", "exe", "html", "svg", ""))))


def file_contents():
    return st.builds(lambda head, tail: head + tail, st.sampled_from(MAGIC),
                     st.binary(max_size=200))


def checkbox():
    return st.one_of(st.sampled_from(("y", "on", "1", "", "true", "false", "0", "n")),
                     hostile())


def maybe_missing(strategy):
    """A field left out of the request entirely, as a forged request may do."""
    return st.one_of(st.none(), strategy)


@st.composite
def form_data(draw, valid: dict[str, str | None], fuzz: dict | None = None):
    """A valid form with some fields (often one, sometimes none or several)
    replaced by hostile values or left out. `fuzz` gives a field its own
    strategy; the others get `maybe_missing(hostile())`."""
    fuzz = fuzz or {}
    names = sorted(set(valid) | set(fuzz))
    chosen = draw(st.sets(st.sampled_from(names), max_size=len(names)))
    data = dict(valid)
    for name in chosen:
        data[name] = draw(fuzz.get(name, maybe_missing(hostile())))
    return data
