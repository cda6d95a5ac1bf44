"""The analytic layer in what readers get: the built sample's pages, feeds and PDF, read back.

Grades, single-source marks and key judgements on the home page (before any chart), note pages,
entity pages and the timeline; judgements as feed items (parsed with feedparser); the PDF opening
with the key judgements (read with pypdf); and no internal id or home page dressed as an article.
"""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
import yaml
from pypdf import PdfReader

from builder.build import checked_index

INTERNAL_IDS = re.compile(r"no headline|Unattributed web article|\d{3}_[0-9a-f]{16}", re.IGNORECASE)


class Text(HTMLParser):
    """The text a reader sees (no scripts, styles or attributes)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style") and self._skip > 0

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


@pytest.fixture(scope="module")
def index(built: Path):
    return checked_index(built)[1]


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def articles(html: str) -> dict[str, str]:
    """Timeline entries of a page: slug -> its HTML."""
    return {m.group(1): m.group(2) for m in re.finditer(r'<article class="brief-entry[^"]*" id="([^"]+)"[^>]*>(.*?)</article>', html, re.S)}


# --- site -------------------------------------------------------------------------------------

def test_the_home_page_opens_with_the_key_judgements_before_any_chart(site: Path, index) -> None:
    html = page(site, ".")
    counts, judgements = html.index('class="brief-counts"'), html.index('id="key-judgements"')
    first_chart = html.index('<figure class="brief-chart')
    assert counts < judgements < first_chart
    assert html.index('id="latest-developments"') > judgements
    section = html[judgements:first_chart]
    for j in index.judgements:
        assert f'href="judgements/{j.slug}/"' in section
        assert f">{j.likelihood.capitalize()}</a>" in section and f">{j.confidence} confidence</a>" in section
        for note in j.supports:
            assert re.search(rf'href="notes/{note.slug}/"[^>]*>{note.grade}</a>', section), (j.slug, note.slug)
    assert "single source</span>" in section and "brief-support-single" in section


def test_every_timeline_and_entity_entry_shows_its_grade(site: Path, index) -> None:
    grade = {n.slug: n for n in index.notes}
    for path in ("timeline", "actors/mohammed-shia-al-sudani", "sources/axios"):
        entries = articles(page(site, path))
        assert entries, path
        for slug, html in entries.items():
            note = grade[slug]
            assert f">{note.grade}</a>" in html and 'class="brief-grade"' in html, (path, slug)
            assert ("single source</span>" in html) == note.single_source, (path, slug)
            assert 'title="Grade ' in html and "method/grades/#source-reliability" in html


def test_a_note_page_shows_grade_sources_judgements_and_its_twin(site: Path) -> None:
    html = page(site, "notes/sudani-carries-blinken-messages-to-tehran")
    assert 'href="../../method/grades/#source-reliability" title="Grade F2. Source: reliability cannot be judged (F). ' \
           'Information: probably true (2). 1 independent source: Unidentified outlet.">F2</a>' in html
    assert "single source</span>" in html
    assert "Supports the key judgement:" in html and 'href="../../judgements/baghdad-keeps-to-diplomacy/"' in html
    assert 'Same development, see also:</span> <a href="../../notes/sudani-visits-tehran-khamenei-raisi/"' in html
    twin = page(site, "notes/sudani-visits-tehran-khamenei-raisi")
    assert 'href="../../notes/sudani-carries-blinken-messages-to-tehran/"' in twin  # linked both ways
    assert "archived copy (analysts&#39; archive, item 003)" in html


def test_a_dispute_names_who_and_which_citation_on_the_note_and_the_disputing_source(site: Path) -> None:
    html = page(site, "notes/israel-october-26-strike-disputed-target")
    assert 'Disputed by <a href="../../sources/the-soufan-center/">The Soufan Center</a>' in html
    assert '<a href="#source-1">source 1</a> (Axios via Unidentified outlet)' in html
    first = html.split('<li id="source-1">')[1].split("</li>")[0]
    assert "disputed claim" in first
    entry = articles(page(site, "sources/the-soufan-center"))["israel-october-26-strike-disputed-target"]
    assert 'title="Disputed by The Soufan Center:' in entry


def test_judgement_pages_and_the_legend(site: Path, index) -> None:
    for j in index.judgements:
        html = page(site, f"judgements/{j.slug}")
        assert Text(html).text.count(j.title) >= 1
        assert set(articles(html)) == {n.slug for n in j.supports}
        assert "Indicators to watch." in Text(html).text
    legend = page(site, "method/grades")
    for anchor in ("source-reliability", "information-credibility", "independent-sources", "likelihood", "confidence"):
        assert f'id="{anchor}"' in legend
    text = Text(legend).text
    assert "Usually reliable" in text and "Probably true" in text and "roughly even chance" in text and "remote" in text


def test_readers_never_see_internal_ids_or_a_home_page_as_the_article(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 60
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert not INTERNAL_IDS.search(Text(html).text), path
        for cites in re.findall(r'<ol class="brief-sources">(.*?)</ol>|<p class="brief-cites">(.*?)</p>', html, re.S):
            block = "".join(cites)
            for anchor in re.findall(r"<a [^>]*>", block):
                href = re.search(r'href="([^"]*)"', anchor).group(1)
                if href.startswith("http"):  # an article elsewhere: marked external, never an outlet's home page
                    assert 'class="brief-external"' in anchor and 'rel="external' in anchor, (path, anchor)
                    assert re.sub(r"^https?://[^/]+", "", href).strip("/"), (path, href)
    assert "archived copy (analysts&#39; archive, item 002)" in page(site, "notes/larijani-iran-still-preparing-response")


def test_the_partial_october_count_is_drawn_hollow_and_starred(site: Path) -> None:
    html = page(site, ".")
    chart = html.split("Islamic Resistance in Iraq drone attacks on Israel")[0]
    assert html.count('class="brief-partial"') == 1
    assert ">47*</text>" in html and ">Oct 2024*</text>" in html
    assert "* Oct 2024 covers 1 to mid-October only: drawn hollow, not comparable with the full periods." in html
    assert "Oct 2024 (1 to mid-October only)" in html  # the data table
    assert chart


# --- feeds ------------------------------------------------------------------------------------

def test_feeds_carry_key_judgements_as_items_and_notes_with_their_grades(site: Path, index) -> None:
    editions = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in (site.parent / "content" / "editions").glob("*.yml")]
    editions = {e["date"]: e for e in editions}
    atom = feedparser.parse((site / "feeds" / "atom.xml").read_bytes())
    rss = feedparser.parse((site / "feeds" / "rss.xml").read_bytes())
    assert not atom.bozo and not rss.bozo
    for parsed in (atom, rss):
        by_id = {e.id: e for e in parsed.entries}
        for j in index.judgements:
            entry = by_id[f"tag:brief.example.org,2023:judgements/{j.slug}"]
            assert entry.link == f"https://brief.example.org/judgements/{j.slug}/"
            assert entry.title == f"Key judgement: {j.title}"
            first = min(e for e in editions if j.slug in editions[e]["judgements"])  # dated by publication
            assert entry.published_parsed[:3] == (first.year, first.month, first.day)
            content = entry.content[0].value if "content" in entry else entry.description
            assert j.likelihood.capitalize() in content and f"{j.confidence} confidence" in content
            assert all(f"grade {n.grade}" in content for n in j.supports)
        notes = {n.slug: n for n in index.notes}
        for e in parsed.entries:
            slug = e.link.rstrip("/").rsplit("/", 1)[1]
            if "/notes/" in e.link:
                body = e.content[0].value
                assert f">{notes[slug].grade}</a>" in body and ("single source" in body) == notes[slug].single_source
                assert not INTERNAL_IDS.search(body)
    data = json.loads((site / "feeds" / "feed.json").read_text(encoding="utf-8"))
    assert [i["id"] for i in data["items"]] == [e.id for e in atom.entries]
    assert sum(re.search(r":judgements/[^/]+$", i["id"]) is not None for i in data["items"]) == len(index.judgements)


# --- PDF --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pdf_texts(whole_pdf: Path) -> list[str]:
    """The whole brief as `brief pdf` prints it (the site's brief.pdf is the current edition)."""
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(whole_pdf).pages]


def test_the_pdf_opens_with_the_key_judgements_after_the_cover(pdf_texts: list[str], index) -> None:
    assert "Key judgements" not in pdf_texts[0].split("Every date shows")[0]
    assert "Key judgements The bottom line" in pdf_texts[1]
    contents = next(i for i, t in enumerate(pdf_texts) if "Contents Key judgements" in t)
    opening = " ".join([*pdf_texts[1:contents], pdf_texts[contents].split("Contents Key judgements")[0]])  # up to the contents
    for number, j in enumerate(index.judgements, 1):
        assert f"{number}. {j.title}" in opening
        assert f"{j.likelihood.capitalize()} ({__import__('builder').estimative.probability(j.likelihood)})" in opening
        assert f"{j.confidence.capitalize()} confidence" in opening
    assert "Grades. The letter is the reliability" in opening and "Likelihood (ICD 203)" in opening


def test_pdf_entries_show_grades_and_citations_their_archived_copies(pdf_texts: list[str], index) -> None:
    whole = " ".join(pdf_texts)
    assert whole.count("SINGLE SOURCE") >= sum(n.single_source for n in index.notes)
    key = whole.split("most important first. Each leads to its full entry in the timeline.")[1]
    first = index.key_developments(6)[0]
    assert key.lstrip().startswith(first.title[:40]) and index.judgements_of(first)
    citations = whole.split("Citations Numbered in timeline order")[1]
    assert "Archived copy: analysts' archive, item 002." in citations
    assert "Unidentified outlet, repeating Axios, “US Pressure on Iraq Amid Iran-Israel Tensions”. Reliability E." in citations
    assert "shafaq.com" not in citations
    assert not INTERNAL_IDS.search(whole)
