"""Property-based tests: hostile or random input gives a clear problem or a safe result, never a traceback.

Each property names the only error type a function may raise (the documented one) and what
every accepted result must satisfy.
"""
from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from builder.dates import DateError, PartialDate, parse_date
from builder.frontmatter import FrontMatterError, decode, parse_yaml, read
from builder.sanitize import ATTRIBUTES, TAGS, clean_html, plain_text, safe_url
from builder.slugs import MAX_SLUG, slug_problem, slugify

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces that make random text look like dates, YAML and HTML, so the search reaches deep paths.
DATE_BITS = st.sampled_from(["2024", "2023", "12", "31", "03", "-", "/", " ", ":", "T", "Z", "+03:00", "EST",
                             "UTC", "Nov", "March", "Tuesday", ",", ".", "0", "1", "99", "10:00", "am", "noon"])
YAML_BITS = st.sampled_from(["a", ": ", "\n", "  ", "- ", "[", "]", "{", "}", "&x ", "*x", "!!python/object:os.system ",
                             "!!binary ", "'", '"', "#", "|", ">", "2024-13-01", "~", "? ", ",", "---", "...", "%YAML 1.1",
                             "<<: ", "\t", "\\", "é", "\x85", "\ufeff"])
HTML_BITS = st.sampled_from(["<", ">", "/", "script", "img", "a", "iframe", "svg", "style", " src=", " href=", " onerror=",
                             " onload=", "javascript:", "java\tscript:", "&#106;", "&#x6A;", "vbscript:", "data:text/html,",
                             "alert(1)", '"', "'", "=", "!--", "-->", "<![CDATA[", "]]>", "math", "base", "meta", "object",
                             "embed", "form", " action=", " style=", "expression(", "url(", "x"])


def joined(bits: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.lists(bits, max_size=24).map("".join)


# --- dates --------------------------------------------------------------------------------------

@SETTINGS
@given(st.one_of(st.text(max_size=60), joined(DATE_BITS), st.integers(), st.floats(), st.none(), st.booleans(),
                 st.dates(), st.datetimes(), st.lists(st.integers(), max_size=3)))
@example("031231")
@example("2024-03-05T25:00")
@example("-2024-01-01")
@example("2024-03-05\x00")
@example("Dec 31 2023 23:30 PST")
def test_parse_date_refuses_with_date_error_or_returns_a_real_day(value: object) -> None:
    try:
        got = parse_date(value)
    except DateError as exc:
        message = str(exc)
        assert "YYYY-MM-DD" in message
        assert message.isprintable(), f"the message must not carry control characters: {message!r}"
        return
    assert isinstance(got, PartialDate)
    got.first_day(), got.last_day()  # a real calendar date
    assert 1800 <= got.year <= 2200
    if isinstance(value, dt.date):
        assert (got.year, got.month, got.day) == (value.year, value.month, value.day)


@SETTINGS
@given(st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_iso_dates_round_trip(day: dt.date) -> None:
    assert parse_date(day.isoformat()).first_day() == day
    assert parse_date(f"{day.year:04d}-{day.month:02d}").iso() == f"{day.year:04d}-{day.month:02d}"


@SETTINGS
@given(st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 1, 1)),
       st.sampled_from(["", "Z", "+14:00", "-12:00", "+05:30", " UTC"]))
def test_a_timestamp_keeps_the_day_it_was_written_on(stamp: dt.datetime, zone: str) -> None:
    """A time zone never moves a date to another day: the analyst's day is the one written."""
    text = stamp.strftime("%Y-%m-%dT%H:%M:%S") + zone
    assert parse_date(text).first_day() == stamp.date()


@pytest.mark.parametrize("text", ["031231", "20231231", "2023", "2023-12-31 10:00 XYZ", "Dec 31, 2023 10:00 PST",
                                  "junk", "junk 2023", "next tuesday", "5/6/2023", "2024-02-30", "2024-03-05T25:00",
                                  "2024-03-05T10:61", "-2024-01-01", "2024-03-05\x00", "2024-13", "0000-01-01"])
def test_forms_that_would_need_a_guess_are_refused(text: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text)
    assert str(caught.value).isprintable()


# --- slugs ----------------------------------------------------------------------------------------

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@SETTINGS
@given(st.text(max_size=300))
@example("../../etc/passwd")
@example("ir\u0430q")  # Cyrillic а
@example("Ⅸ ﬁle ＡＢＣ")
@example("a" * 300)
def test_slugify_gives_a_safe_slug_or_nothing(text: str) -> None:
    slug = slugify(text)
    assert slug == "" or SLUG.fullmatch(slug)
    assert len(slug) <= MAX_SLUG
    assert slugify(slug) == slug  # idempotent: a slug is its own slug
    if slug:
        assert slug_problem(slug) is None


@SETTINGS
@given(st.text(max_size=300))
@example("../x")
@example("/abs")
@example("a\x00b")
@example("Upper")
@example("ir\u0430q")
@example("a" * 300)
@example(".")
def test_slug_problem_accepts_only_names_that_stay_put(stem: str) -> None:
    problem = slug_problem(stem)
    if problem is None:
        assert SLUG.fullmatch(stem) and len(stem) <= MAX_SLUG
    else:
        assert isinstance(problem, str) and problem.isprintable() and len(problem) < 400


# --- front matter -------------------------------------------------------------------------------

@SETTINGS
@given(st.one_of(st.text(max_size=200), joined(YAML_BITS)))
@example("a: &x [1]\nb: *x\n")
@example("!!python/object/apply:os.system ['echo pwned']")
@example("a: !!binary 'AAAA'")
@example("<<: {a: 1}")
@example("a: 2024-13-01")
def test_parse_yaml_gives_data_or_a_front_matter_error(text: str) -> None:
    try:
        data, lines = parse_yaml(text)
    except FrontMatterError as exc:
        assert exc.line >= 0 and exc.message
        return
    assert isinstance(lines, dict)
    _only_plain_data(data)


def _only_plain_data(value: object) -> None:
    """The safe loader builds nothing but plain data (no objects, no dates: dates stay text)."""
    if isinstance(value, dict):
        for key, item in value.items():
            _only_plain_data(key)
            _only_plain_data(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _only_plain_data(item)
    else:
        assert value is None or isinstance(value, (str, int, float, bool, bytes)), type(value)
        assert not isinstance(value, dt.date)


@SETTINGS
@given(st.binary(max_size=400))
@example(b"---\ntitle: \xff\n---\n")
@example(b"\xef\xbb\xbf---\ntitle: x\n---\nbody")
@example(b"---\ntitle: a\x00b\n---\n")
def test_decode_gives_text_or_a_located_error(raw: bytes) -> None:
    try:
        text = decode(raw)
    except FrontMatterError as exc:
        assert 0 <= exc.line <= raw.count(b"\n") + 1
        return
    assert "\x00" not in text and "\r" not in text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.binary(max_size=300), joined(YAML_BITS).map(lambda t: f"---\n{t}\n---\nbody\n".encode())))
def test_read_gives_a_document_or_a_front_matter_error(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "note.md"
    path.write_bytes(raw)
    try:
        doc = read(path)
    except FrontMatterError as exc:
        assert exc.message and exc.line >= 0
        return
    assert isinstance(doc.meta, dict)
    _only_plain_data(doc.meta)


# --- sanitizing -----------------------------------------------------------------------------------

BAD_SCHEME = re.compile(r"^(javascript|vbscript|data):")


class Tags(HTMLParser):
    """Every start tag and its attributes, as a browser's tokenizer would see them."""

    def __init__(self, fragment: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str]]] = []
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {name: value or "" for name, value in attrs}))


def squash(url: str) -> str:
    """A URL as browsers read its scheme: whitespace and control characters ignored, any case."""
    return re.sub(r"[\s\x00-\x1f]", "", url).lower()


@SETTINGS
@given(st.one_of(st.text(max_size=200), joined(HTML_BITS)))
@example('<a href="javascript:alert(1)">x</a><img src=x onerror=alert(1)><script>alert(1)</script>')
@example('<a href="&#106;avascript:alert(1)">x</a>')
@example('<svg><script>alert(1)</script></svg><math><mi xlink:href="javascript:alert(1)">x</mi></math>')
@example("<<script>script>alert(1)<</script>/script>")
@example('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>')
def test_clean_html_leaves_nothing_that_executes(fragment: str) -> None:
    cleaned = clean_html(fragment)
    for tag, attrs in Tags(cleaned).found:
        assert tag in TAGS, cleaned
        assert set(attrs) <= ATTRIBUTES.get(tag, set()) | {"rel"}, cleaned
        assert not any(name.startswith("on") for name in attrs), cleaned
        assert not BAD_SCHEME.match(squash(attrs.get("href", ""))), cleaned
    assert clean_html(cleaned) == cleaned  # stable: cleaning twice changes nothing
    assert isinstance(plain_text(fragment), str)  # text for feeds: never raises (templates escape it)


@SETTINGS
@given(st.one_of(st.text(max_size=80), joined(HTML_BITS)))
@example("java\nscript:alert(1)")
@example(" JAVASCRIPT:alert(1)")
@example("\x01javascript:alert(1)")
@example("data:text/html,x")
def test_safe_url_passes_only_web_mail_and_relative_addresses(url: str) -> None:
    got = safe_url(url)
    if got:
        assert got.isprintable()
        squashed = squash(got)
        assert not squashed.startswith(("javascript:", "vbscript:", "data:"))
        scheme = re.match(r"([a-z][a-z0-9+.-]*):", squashed)
        assert scheme is None or scheme.group(1) in {"http", "https", "mailto"}


# --- entity links -------------------------------------------------------------------------------
NAMES = ("Iraq", "Iraqi Prime Minister", "al-Sudani", "U.S.", "U.S. Army", "Iran", "Iraq Body Count", "KH",
         "Ali", "Ali al-Sistani", "Émile")
NAME_BITS = st.sampled_from([*NAMES, "Iraqi", "Prime", "Army", "Body", "'s", "KHs", "x", "_", "-", " ", ", ", ".", "é", "Émilea"])


@SETTINGS
@given(joined(NAME_BITS))
def test_mentions_are_what_one_regular_expression_of_all_names_finds(text: str) -> None:
    """The fast look-up of names by word finds exactly what the alternation of every name finds."""
    from builder.markdown import _mentions, _names_pattern

    names = tuple(sorted(NAMES))
    assert list(_mentions(text, names)) == [m.span() for m in _names_pattern(names).finditer(text)]
