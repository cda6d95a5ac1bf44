"""Feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the brief and every country, actor and source.

Feeds are read back from the real built site with feedparser and with an XML parser; the
expected values come from the notes' own front matter and from the site's HTML pages.
"""
from __future__ import annotations

import calendar
import datetime as dt
import email.utils
import json
import posixpath
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
import yaml

from builder import feeds, paths
from builder.build import checked_index
from builder.config import load_project
from builder.model import KINDS
from builder.problems import BriefError
from conftest import brief, copy_project, write_note

SITE_URL = "https://brief.example.org/"
ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})")


# --- helpers: what the content says, and what a feed says ------------------------------------

def front_matter(root: Path) -> dict[str, dict]:
    """Slug -> the note's front matter, read straight from content/notes."""
    notes = {}
    for path in sorted((root / "content" / "notes").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        notes[path.stem] = yaml.safe_load(text.split("---\n")[1])
    return notes


def note_day(meta: dict) -> dt.date:
    """The note's event date; a month-precision note falls on the first of the month."""
    value = meta["date"]
    if isinstance(value, dt.date):
        return value
    year, month = str(value).split("-")[:2]
    return dt.date(int(year), int(month), 1)


def publication_days(root: Path) -> dict[str, tuple[dt.date, dt.date]]:
    """Slug -> (first published, last changed), read straight from content/editions/*.yml: the first
    edition holding a note, and the latest whose hash differs from the edition before. A note in no
    edition takes the latest edition's date, or with no edition at all the newest note's date."""
    days: dict[str, tuple[dt.date, dt.date]] = {}
    last: dict[str, str] = {}
    editions = sorted((root / "content" / "editions").glob("*.yml"))
    for path in editions:
        edition = yaml.safe_load(path.read_text(encoding="utf-8"))
        for slug, digest in edition["notes"].items():
            first = days[slug][0] if slug in days else edition["date"]
            days[slug] = (first, edition["date"] if slug not in last or last[slug] != digest else days[slug][1])
            last[slug] = digest
    notes = front_matter(root)
    if editions:
        fallback = yaml.safe_load(editions[-1].read_text(encoding="utf-8"))["date"]
    else:
        newest = max(notes.values(), key=lambda m: note_day(m))["date"]
        year, month = (newest.year, newest.month) if isinstance(newest, dt.date) else map(int, str(newest).split("-")[:2])
        fallback = newest if isinstance(newest, dt.date) else dt.date(year, month, calendar.monthrange(year, month)[1])
    return {slug: days.get(slug, (fallback, fallback)) for slug in notes}


def midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), dt.timezone.utc)


def feed_files(folder: Path) -> dict[str, Path]:
    """Relative path ('feeds/actors/x.rss.xml') -> file, for every feed under a site or docs folder."""
    return {p.relative_to(folder).as_posix(): p for p in sorted((folder / "feeds").rglob("*"))
            if p.is_file() and p.name != "sitemap.xml"}


def test_feed_folders_answer_materials_sitemap_probe(site: Path) -> None:
    """Material fetches sitemap.xml beside every <link rel="alternate">: an empty, valid one is there."""
    for folder in ("feeds", "feeds/countries", "feeds/actors", "feeds/sources"):
        text = (site / folder / "sitemap.xml").read_text(encoding="utf-8")
        assert "<urlset" in text and "<url>" not in text


def slug_of(link: str) -> str:
    """A note's slug, 'judgements/<slug>' for a key judgement, or 'changes/<date>/<slug>' for a judgement
    change (the brief's own feeds carry those too)."""
    change = re.fullmatch(re.escape(SITE_URL) + r"editions/([\d-]+)/#judgement-([^/]+)", link)
    if change:
        return f"changes/{change.group(1)}/{change.group(2)}"
    match = re.fullmatch(re.escape(SITE_URL) + r"(notes/|judgements/)([^/]+)/", link)
    assert match, f"{link} is not a note's or a judgement's permalink"
    return match.group(2) if match.group(1) == "notes/" else f"judgements/{match.group(2)}"


def is_note(link: str) -> bool:
    return not slug_of(link).startswith(("judgements/", "changes/"))


def ids_by_slug(folder: Path) -> dict[str, set[str]]:
    """Every id every feed gives each note (all formats, all subjects)."""
    found: dict[str, set[str]] = {}
    for name, path in feed_files(folder).items():
        if name.endswith(".json"):
            pairs = [(i["url"], i["id"]) for i in json.loads(path.read_text(encoding="utf-8"))["items"]]
        else:
            pairs = [(e.link, e.id) for e in feedparser.parse(path.read_bytes()).entries]
        for link, id_ in pairs:
            found.setdefault(slug_of(link), set()).add(id_)
    return found


@pytest.fixture(scope="module")
def index(built: Path):
    return checked_index(built)[1]


@pytest.fixture(scope="module")
def parsed(site: Path) -> dict[str, feedparser.FeedParserDict]:
    return {name: feedparser.parse(path.read_bytes()) for name, path in feed_files(site).items() if name.endswith(".xml")}


# --- every feed exists and parses ------------------------------------------------------------

def test_every_subject_has_rss_atom_and_json_feed(site: Path, index) -> None:
    expected = {paths.feed(fmt, term) for term in (None, *index.terms) for fmt in paths.FEED_FORMATS}
    assert set(feed_files(site)) == expected
    assert {t.kind for t in index.terms} == {kind.name for kind in KINDS}


def test_every_feed_parses_without_bozo(parsed) -> None:
    assert len(parsed) > 10
    for name, result in parsed.items():
        assert not result.bozo, f"{name}: {result.get('bozo_exception')}"
        assert result.version == ("rss20" if name.endswith(".rss.xml") or name == "feeds/rss.xml" else "atom10"), name


def test_rss_has_the_required_channel_and_item_elements(site: Path, built: Path) -> None:
    published = publication_days(built)
    for name, path in feed_files(site).items():
        if not name.endswith("rss.xml"):
            continue
        channel = ET.parse(path).getroot().find("channel")
        for tag in ("title", "link", "description", "lastBuildDate"):
            assert (channel.findtext(tag) or "").strip(), f"{name}: channel has no {tag}"
        assert channel.findtext("link").startswith(SITE_URL)
        assert channel.find(f"{ATOM}link[@rel='self']").get("href") == SITE_URL + name
        for item in channel.findall("item"):
            if not is_note(item.findtext("link")):
                continue  # key judgements: tests/test_analytic_outputs.py
            slug = slug_of(item.findtext("link"))
            assert item.findtext("title") and item.findtext("description") and item.findtext(CONTENT)
            assert item.find("guid").get("isPermaLink") == "false"
            day = email.utils.parsedate_to_datetime(item.findtext("pubDate"))
            assert day == midnight(published[slug][0]), f"{name}: {slug}"  # when the brief published it


def test_atom_has_rfc4287_feed_and_entry_elements(site: Path, parsed) -> None:
    for name, path in feed_files(site).items():
        if not name.endswith("atom.xml"):
            continue
        root = ET.parse(path).getroot()
        assert root.tag == f"{ATOM}feed"
        assert root.findtext(f"{ATOM}id").startswith("tag:brief.example.org,")
        assert root.findtext(f"{ATOM}title").strip()
        assert RFC3339.fullmatch(root.findtext(f"{ATOM}updated")), name
        assert root.find(f"{ATOM}link[@rel='self']").get("href") == SITE_URL + name
        assert root.findtext(f"{ATOM}author/{ATOM}name").strip()
        for entry in root.findall(f"{ATOM}entry"):
            assert entry.findtext(f"{ATOM}id").startswith("tag:")
            assert entry.findtext(f"{ATOM}title").strip()
            assert RFC3339.fullmatch(entry.findtext(f"{ATOM}updated"))
            assert entry.find(f"{ATOM}link[@rel='alternate']").get("href").startswith((SITE_URL + "notes/",
                                                                                      SITE_URL + "judgements/",
                                                                                      SITE_URL + "editions/"))
        assert parsed[name].feed.links[0].rel in ("self", "alternate")


def test_json_feed_is_version_1_1_with_the_same_items_as_atom(site: Path, parsed) -> None:
    for name, path in feed_files(site).items():
        if not name.endswith(".json"):
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["version"] == "https://jsonfeed.org/version/1.1"
        assert data["title"] and data["feed_url"] == SITE_URL + name and data["home_page_url"].startswith(SITE_URL)
        atom = parsed[name.replace("feed.json", "atom.xml")]
        assert [i["id"] for i in data["items"]] == [e.id for e in atom.entries]
        for item in data["items"]:
            assert item["url"].startswith(SITE_URL) and item["title"] and item["content_html"]
            assert RFC3339.fullmatch(item["date_published"])


# --- what the brief's feed says about each note ----------------------------------------------

def test_brief_feed_has_one_item_per_note_latest_published_first_with_dates_from_the_editions(built: Path, parsed) -> None:
    notes = front_matter(built)
    published = publication_days(built)
    atom = parsed["feeds/atom.xml"]
    slugs = [slug_of(e.link) for e in atom.entries if is_note(e.link)]
    assert sorted(slugs) == sorted(notes)  # the sample has fewer notes than the default 50
    order = [(published[s][1], published[s][0], note_day(notes[s])) for s in slugs]
    assert order == sorted(order, reverse=True)  # latest change first, then first publication, then event
    for entry in filter(lambda e: is_note(e.link), atom.entries):
        first, changed = published[slug_of(entry.link)]
        assert (entry.published, entry.updated) == (f"{first.isoformat()}T00:00:00Z", f"{changed.isoformat()}T00:00:00Z")
        assert entry.title == notes[slug_of(entry.link)]["title"]
    newest = max(changed for _, changed in published.values())
    assert atom.feed.updated == f"{newest.isoformat()}T00:00:00Z"  # from the editions, not the clock
    month_note = notes["al-akhbar-sudani-efforts-militias-defiant"]
    assert month_note["date_precision"] == "month"
    entry = next(e for e in atom.entries if "al-akhbar-sudani" in e.link)
    assert "Event date: Nov 2024 (month precision)" in entry.summary  # the event's month, never an invented day
    assert "1 Nov 2024" not in entry.summary + entry.content[0].value


def test_items_carry_categories_summary_content_and_citations_with_absolute_links(built: Path, site: Path, parsed,
                                                                                  index) -> None:
    notes = front_matter(built)
    canonical = {name.casefold(): term.name for term in index.terms for name in term.names}  # notes may use aliases
    root = ET.parse(site / "feeds" / "rss.xml").getroot()
    notes_only = [e for e in parsed["feeds/atom.xml"].entries if is_note(e.link)]
    for entry, item in zip(notes_only, [i for i in root.iter("item") if is_note(i.findtext("link"))], strict=True):
        meta = notes[slug_of(entry.link)]
        named = {canonical[name.casefold()] for name in (*meta["countries"], *meta["actors"])}
        assert {t.term for t in entry.tags} == {*named, *meta.get("tags", [])}
        assert {c.text for c in item.findall("category")} == {t.term for t in entry.tags}
        content = item.findtext(CONTENT)
        assert meta["summary"].split()[0] in entry.summary
        for source in meta["sources"]:
            assert source["name"] in content, f"{entry.link}: citation of {source['name']} missing"
        hrefs = re.findall(r'href="([^"]*)"', content)
        assert hrefs and all(h.startswith(("https://", "http://", "mailto:")) for h in hrefs), hrefs


def entity_page_notes(site: Path, kind: str, slug: str) -> set[str]:
    """The notes an entity's page in the built site lists under its name."""
    text = (site / kind / slug / "index.html").read_text(encoding="utf-8")
    return set(re.findall(r'href="\.\./\.\./notes/([^/"#]+)/"', text))


def test_an_entity_feed_holds_exactly_that_entitys_notes(site: Path, index, parsed) -> None:
    assert any(index.notes_of(t) for t in index.terms)
    for term in index.terms:
        entries = parsed[paths.feed("atom", term)].entries
        assert {slug_of(e.link) for e in entries} == entity_page_notes(site, term.kind, term.slug), term.slug
        assert parsed[paths.feed("rss", term)].feed.link == f"{SITE_URL}{term.kind}/{term.slug}/"
        for entry in entries:
            if term.kind == "sources":
                assert term.name in entry.content[0].value
            else:
                assert term.name in {t.term for t in entry.tags}


# --- ids and bytes are stable ----------------------------------------------------------------

def test_ids_are_unique_and_the_same_note_has_one_id_in_every_feed(site: Path) -> None:
    ids = ids_by_slug(site)
    assert all(len(found) == 1 for found in ids.values()), ids
    flat = [next(iter(found)) for found in ids.values()]
    assert len(set(flat)) == len(flat)


def test_two_builds_give_byte_identical_feeds_and_ids_survive_editing_a_note(project: Path, tmp_path: Path) -> None:
    other = copy_project(tmp_path / "elsewhere")  # another folder, another process: still the same bytes
    for root in (project, other):
        brief(root, "build", check=True)
    docs = project / "build" / "docs"
    first = {name: path.read_bytes() for name, path in feed_files(docs).items()}
    assert first == {name: path.read_bytes() for name, path in feed_files(other / "build" / "docs").items()}
    before = ids_by_slug(docs)

    note = project / "content" / "notes" / "2023" / "rocket-attack-on-us-embassy-in-baghdad.md"
    text = note.read_text(encoding="utf-8")
    text = text.replace("title: Rocket attack on the US Embassy", "title: Rockets hit near the US Embassy")
    note.write_text(text + "\nA paragraph the analysts added later.\n", encoding="utf-8")
    brief(project, "build", check=True)
    assert ids_by_slug(docs) == before
    entry = next(e for e in feedparser.parse((docs / "feeds" / "atom.xml").read_bytes()).entries if note.stem in e.link)
    assert entry.title.startswith("Rockets hit near") and "analysts added later" in entry.content[0].value


def test_feed_items_limits_every_feed_to_the_newest_n(project: Path, parsed) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("feed_items: 50", "feed_items: 3"), encoding="utf-8")
    brief(project, "build", check=True)
    docs = project / "build" / "docs"
    newest = feedparser.parse((docs / "feeds" / "atom.xml").read_bytes()).entries
    assert [e.id for e in newest] == [e.id for e in parsed["feeds/atom.xml"].entries[:3]]
    for name, path in feed_files(docs).items():
        if name.endswith("atom.xml"):
            full = parsed[name].entries
            assert [e.id for e in feedparser.parse(path.read_bytes()).entries] == [e.id for e in full[:3]], name


# --- hostile notes and bad configuration -----------------------------------------------------

HOSTILE = """---
title: "Hostile <script>alert('title')</script> note"
date: 2024-11-30
sources:
  - name: Axios
    url: https://www.axios.com/hostile
    published: 2024-11-30
countries: [Iraq]
tags: [test]
summary: "A note written to attack feed readers <svg onload=alert('summary')>."
---
Before <script>alert('body')</script> the image <img src="x" onerror="alert('img')"> and
[a harmless-looking link](javascript:alert('link')) and <a href="JaVaScRiPt:alert(1)">another</a>.

<p onclick="alert(2)">Clickable paragraph.</p>

See also [the embassy attack](../rocket-attack-on-us-embassy-in-baghdad/).
"""


class _Dangers(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "svg", "img", "iframe"):
            self.found.append(tag)
        self.found += [f"{tag} {k}={v}" for k, v in attrs
                       if k.startswith("on") or "script:" in re.sub(r"\s", "", (v or "").lower())]


def dangers(html: str) -> list[str]:
    """What in an HTML fragment could run or load something: tags, handlers, script: URLs."""
    parser = _Dangers()
    parser.feed(html)
    return parser.found


def test_script_event_handlers_and_javascript_links_never_reach_a_feed(project: Path) -> None:
    assert len(dangers('<script></script><a href="java script:x" onclick="y">x</a>')) == 3  # the check can fail
    write_note(project, "2024/hostile.md", HOSTILE)
    brief(project, "build", check=True)
    docs = project / "build" / "docs"
    files = feed_files(docs)
    carrying = [n for n in ("feeds/atom.xml", "feeds/rss.xml", "feeds/countries/iraq.atom.xml", "feeds/sources/axios.rss.xml")
                if "hostile" in files[n].read_text(encoding="utf-8")]
    assert len(carrying) == 4  # the note is in the feeds, so the checks below are not vacuous
    for name, path in files.items():
        raw = path.read_text(encoding="utf-8").lower()
        for bad in ("<script", "&lt;script", "\\u003cscript", "onerror", "onclick", "javascript:"):
            assert bad not in raw, f"{name} carries {bad!r}"
        if name.endswith(".json"):
            rendered = [i["content_html"] + i["title"] for i in json.loads(raw)["items"]]
        else:
            root = ET.parse(path).getroot()  # the HTML a reader renders: the XML text, decoded once
            rendered = [el.text or "" for el in root.iter() if el.tag in ("description", CONTENT, f"{ATOM}content",
                                                                           f"{ATOM}summary", "title", f"{ATOM}title")]
        for html in rendered:
            assert dangers(html) == [], f"{name}: {html[:200]}"
        if name.endswith(".json"):
            assert all("<" not in i["summary"] for i in json.loads(raw)["items"])  # plain text, some render it
    entry = next(e for e in feedparser.parse(files["feeds/atom.xml"].read_bytes()).entries if "hostile" in e.link)
    assert "harmless-looking link" in entry.content[0].value and "Clickable paragraph" in entry.content[0].value
    assert "<script" not in entry.title and "script" in entry.title
    # a relative link resolves against the note's page, as on the site: readers have no page
    assert f'href="{SITE_URL}notes/rocket-attack-on-us-embassy-in-baghdad/"' in entry.content[0].value


@pytest.mark.parametrize("line, expected", [
    ("", "mkdocs.yml:1: site_url: missing; feeds need the site's absolute address"),
    ("site_url: /brief/\n", "mkdocs.yml:{n}: site_url: '/brief/' is not an absolute http(s) address"),
])
def test_a_missing_or_relative_site_url_is_a_clear_error(project: Path, line: str, expected: str) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    number = text[: text.index("site_url:")].count("\n") + 1
    config.write_text(text.replace(f"site_url: {SITE_URL}\n", line), encoding="utf-8")
    expected = expected.format(n=number)
    done = brief(project, "site")
    assert done.returncode == 1
    assert expected in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert not (project / "site").exists()


def test_feeds_refuse_a_project_without_an_absolute_site_url(project: Path, index) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(f"site_url: {SITE_URL}\n", ""), encoding="utf-8")
    loaded, problems = load_project(project)
    assert [p.field for p in problems] == ["site_url"]
    with pytest.raises(BriefError, match="site_url: feeds need the site's absolute address"):
        feeds.feed_files(loaded, index)


# --- discovery: every page advertises the feeds ----------------------------------------------

class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.alternate: list[str] = []
        self.anchors: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "alternate":
            self.alternate.append(a["href"])
        elif tag == "a" and a.get("type", "").endswith(("xml", "json")):
            self.anchors.append((a["type"], a["href"]))


def links_of(site: Path, page: Path) -> _Links:
    """The page's feed links, resolved to site-relative paths."""
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    here = page.parent.relative_to(site).as_posix()
    # Root-relative hrefs (the 404 page, served at any depth) start from the site_url's path, '/'.
    resolve = lambda href: href[1:] if href.startswith("/") else posixpath.normpath(posixpath.join(here, href))  # noqa: E731
    parser.alternate = [resolve(h) for h in parser.alternate]
    parser.anchors = [(t, resolve(h)) for t, h in parser.anchors]
    return parser


def test_every_page_advertises_the_brief_feeds_and_an_entity_page_its_own(site: Path, index) -> None:
    brief_feeds = {paths.feed(fmt) for fmt in paths.FEED_FORMATS}
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 40
    for page in pages:
        found = set(links_of(site, page).alternate)
        assert brief_feeds <= found, page
        assert all((site / path).is_file() for path in found), page
    for term in index.terms:
        links = links_of(site, site / term.kind / term.slug / "index.html")
        own = {paths.feed("rss", term), paths.feed("atom", term)}
        assert own <= set(links.alternate), term.slug
        assert {path for _type, path in links.anchors} == {paths.feed(fmt, term) for fmt in paths.FEED_FORMATS}
    home = links_of(site, site / "index.html")
    assert brief_feeds <= {path for _type, path in home.anchors}
