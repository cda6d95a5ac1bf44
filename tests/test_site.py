"""The sample brief built for real: timeline, note and entity pages, aliases, nav, URLs, determinism."""
from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import yaml

from builder.defaults import TEMPLATES
from conftest import ROOT, brief, copy_project, pagefind_pages


class Page(HTMLParser):
    """Ids, links and text of one built page (no third-party HTML parser needed)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.links: list[str] = []
        self.articles: list[str] = []
        self.nav_links: list[str] = []
        self._nav = 0
        self.text_parts: list[str] = []
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "article" and "brief-entry" in (a.get("class") or ""):
            self.articles.append(a["id"])
        if tag == "nav" and "md-nav--primary" in (a.get("class") or ""):
            self._nav += 1
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
            if self._nav:
                self.nav_links.append(a["href"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self._nav:
            self._nav -= 1

    def handle_data(self, data: str) -> None:
        self.text_parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.text_parts).split())


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def sample_notes() -> dict[str, dict]:
    return {p.stem: front_matter(p) for p in sorted((ROOT / "content" / "notes").rglob("*.md"))}


def test_urls_are_stable_and_readable(site: Path) -> None:
    for slug in sample_notes():
        assert (site / "notes" / slug / "index.html").is_file(), slug
    for kind in ("countries", "actors", "sources"):
        assert (site / kind / "index.html").is_file()
        for entry in (ROOT / "content" / kind).glob("*.md"):
            assert (site / kind / entry.stem / "index.html").is_file(), entry
    assert (site / "timeline" / "index.html").is_file()
    assert (site / "timeline" / "2023" / "index.html").is_file()


TIMELINE_PAGES = ("timeline/index.html", "timeline/2023/index.html")  # the cut-off's year (2024), then 2023


def test_timeline_lists_every_note_newest_first_by_year_with_dates_links_and_sources(site: Path) -> None:
    pages = [Page(site / name) for name in TIMELINE_PAGES]
    notes = sample_notes()
    assert sorted(a for page in pages for a in page.articles) == sorted(notes)
    assert {meta["date"][:4] if isinstance(meta["date"], str) else str(meta["date"].year)
            for slug, meta in notes.items() if slug in pages[1].articles} == {"2023"}
    pages_html = [(site / name).read_text(encoding="utf-8") for name in TIMELINE_PAGES]
    html = pages_html[0]
    dates = re.findall(r'<article class="brief-entry" id="[^"]+"[^>]*>\s*<p class="brief-entry-date"><time class="brief-date" datetime="([\d-]+)"',
                       "".join(pages_html))
    assert len(dates) == len(notes)
    assert dates == sorted(dates, key=lambda d: (d[:7], d), reverse=True)
    assert "2023" in Page(site / TIMELINE_PAGES[0]).text and 'href="../timeline/2023/"' in html  # the years, linked
    # A named entry, with its date and precision, its note link, its actors and its cited source.
    entry = html.split('id="israel-october-26-strike-disputed-target"')[1].split("</article>")[0]
    assert '<time class="brief-date" datetime="2024-10-26">26 Oct 2024</time>' in entry
    assert ">day</span>" in entry and "disputed" in entry
    assert 'href="../notes/israel-october-26-strike-disputed-target/"' in entry
    assert 'href="./#israel-october-26-strike-disputed-target"' in entry  # its permalink
    month = pages_html[1].split('id="blinken-baghdad-visit-sudani-promise"')[1].split("</article>")[0]
    assert ">c. 5 Nov 2023</time>" in month and ">approximate</span>" in month
    assert 'href="../../actors/antony-blinken/"' in month
    assert 'href="./#blinken-baghdad-visit-sudani-promise"' in month
    assert "Sources:" in month
    for heading in ("November 2024", "October 2024"):
        assert heading in pages[0].text
    for heading, anchor in (("December 2023", 'id="2023-12"'), ("November 2023", 'id="2023-11"')):
        assert heading in pages[1].text and anchor in pages_html[1] and anchor not in html


def test_an_actor_page_lists_exactly_its_notes(site: Path) -> None:
    registry = front_matter(ROOT / "content" / "actors" / "mohammed-shia-al-sudani.md")
    names = {n.casefold() for n in [registry["name"], *registry["aliases"]]}
    expected = {slug for slug, meta in sample_notes().items()
                if names & {a.casefold() for a in meta.get("actors", [])}}
    page = Page(site / "actors" / "mohammed-shia-al-sudani" / "index.html")
    assert len(expected) >= 6
    assert set(page.articles) == expected
    assert len(page.articles) == len(expected)
    assert "Also known as:" in page.text and "Iraqi Prime Minister" in page.text


def test_notes_name_entities_by_alias_and_link_to_their_pages(site: Path) -> None:
    notes = sample_notes()
    by_alias = [slug for slug, meta in notes.items() if "al-Sudani" in meta.get("actors", [])]
    assert by_alias, "the sample should name al-Sudani by an alias somewhere"
    page = Page(site / "notes" / by_alias[0] / "index.html")
    assert "../../actors/mohammed-shia-al-sudani/" in page.links
    assert "Mohammed Shia al-Sudani" in page.text


def test_note_page_has_body_citations_and_precision(site: Path) -> None:
    page = Page(site / "notes" / "us-warns-sudani-cannot-hold-israel-back" / "index.html")
    assert "If you don't, we won't be able to stop Israel from striking Iraq." in page.text.replace("\u2019", "'")
    assert "Sources" in page.ids or "sources" in page.ids
    assert "archived copy (analysts' archive, item 004)" in page.text
    assert "Nov 2024" in page.text and "month" in page.text


def test_entity_page_shows_related_entities_with_counts(site: Path) -> None:
    page = Page(site / "actors" / "antony-blinken" / "index.html")
    assert re.search(r"Mohammed Shia al-Sudani \(\d+\)", page.text)
    assert re.search(r"Iraq \(\d+\)", page.text)


def test_home_has_latest_figures_counts_and_ways_in(site: Path) -> None:
    page = Page(site / "index.html")
    assert "Latest developments" in page.text and "Key figures" in page.text
    assert re.search(r"\d+ developments", page.text)
    for target in ("timeline/", "countries/", "actors/", "sources/"):
        assert target in page.links


def test_navigation_holds_index_pages_only(site: Path) -> None:
    nav = Page(site / "timeline" / "index.html").nav_links
    assert nav, "Material's primary navigation should be present"
    assert not [href for href in nav if "/notes/" in href or href.startswith("../notes")]
    assert len(set(nav)) < 20


def test_hand_written_pages_are_published(site: Path) -> None:
    for slug in ("about", "method", "reading"):
        assert (site / slug / "index.html").is_file()


MARKING = '<p class="brief-marking"><span class="brief-visually-hidden">Handling: </span>{}</p>'


def test_every_page_carries_the_marking_above_the_header_and_in_the_footer(site: Path) -> None:
    """The PDF's marking (extra.brief.marking), opening and closing every page of the site."""
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 60
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert text.count(MARKING.format("INTERNAL")) == 2, page
        banner, footer = text.index('<aside class="md-banner">'), text.index('<footer class="md-footer">')
        assert banner < text.index(MARKING.format("INTERNAL")) < text.index('<header class="md-header"') < footer, page


def test_the_site_reads_its_marking_where_the_pdf_does(project: Path) -> None:
    """One source: a brief's own marking replaces INTERNAL in the site's configuration, as in the PDF;
    left out, both show brief's default."""
    from builder.config import load_project
    from builder.generator import site_config
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("marking: INTERNAL", "marking: SECRET//REL IRQ"))
    loaded, _ = load_project(project)
    assert loaded.site.marking == "SECRET//REL IRQ"
    assert site_config(loaded, project / "build", project / "build" / "docs", [])["extra"]["brief"] == {"marking": "SECRET//REL IRQ"}
    config.write_text(config.read_text(encoding="utf-8").replace("    marking: SECRET//REL IRQ\n", ""))
    loaded, _ = load_project(project)
    assert site_config(loaded, project / "build", project / "build" / "docs", [])["extra"]["brief"]["marking"] == "INTERNAL"


def test_how_to_read_a_note_shows_what_the_pages_show(site: Path) -> None:
    """The reading guide draws the badges, marks and flags with the classes the pages use, links the grades
    legend, names the ICD 203 words the judgements use, and promises no page the site does not have."""
    from builder.estimative import LIKELIHOOD
    reading = (site / "reading" / "index.html").read_text(encoding="utf-8")
    pages = {path: (site / path / "index.html").read_text(encoding="utf-8") for path in (
        "timeline", "notes/israel-october-26-strike-disputed-target", "notes/iraqi-militia-drone-attacks-on-israel-surge")}
    shown = "".join(pages.values())
    for mark in ('<span class="brief-precision brief-precision-day"', '<span class="brief-precision brief-precision-month"',
                 '<span class="brief-precision brief-precision-approximate"', '<span class="brief-single"',
                 '<span class="brief-flag brief-flag-disputed"'):
        assert mark in reading and mark in shown, mark
    assert "(day)" not in reading and "in brackets" not in reading  # precision is a badge, not a bracket
    assert 'href="../method/grades/"' in reading and (site / "method" / "grades" / "index.html").is_file()
    assert all(f"<em>{main}</em>" in reading for main, _alternative, _band in LIKELIHOOD)
    assert "disputed claim" in reading and "disputed claim" in pages["notes/israel-october-26-strike-disputed-target"]
    assert ("by theme" in reading or "/tags/" in reading) <= (site / "tags" / "index.html").is_file()


def test_search_index_knows_aliases(site: Path) -> None:
    sudani = pagefind_pages(site)["/actors/mohammed-shia-al-sudani/"]
    assert "Iraqi Prime Minister" in sudani["content"] and sudani["meta"]["title"] == "Mohammed Shia al-Sudani"
    names = json.loads((site / "assets" / "search-names.json").read_text(encoding="utf-8"))
    entry = next(e for e in names if e["url"] == "actors/mohammed-shia-al-sudani/")
    assert "Iraqi Prime Minister" in entry["names"] and entry["filter"] == "actor"


def test_real_mkdocs_build_strict_passes_on_generated_docs(tmp_path: Path) -> None:
    """`brief build` leaves a configuration any MkDocs can build: the navigation is in it, no hook runs."""
    root = copy_project(tmp_path / "brief")
    brief(root, "build", check=True)
    config = yaml.safe_load((root / "build" / "mkdocs.gen.yml").read_text(encoding="utf-8"))
    assert config["INHERIT"] == "../mkdocs.yml" and config["docs_dir"] == "docs" and config["hooks"] == [str(Path(TEMPLATES).parent.parent / "mkdocs_html.py")]
    assert config["nav"][:2] == [{"Home": "index.md"}, {"Timeline": "timeline.md"}]
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "build/mkdocs.gen.yml",
                           "-d", str(tmp_path / "out")], cwd=root, capture_output=True, text=True, env={**os.environ})
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "notes" / "rocket-attack-on-us-embassy-in-baghdad" / "index.html").is_file()
    home = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert 'href="countries/"' in home and "About this brief" in home  # the generated navigation


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_same_content_builds_the_same_bytes(tmp_path: Path, built: Path) -> None:
    again = copy_project(tmp_path / "again")
    brief(again, "site", check=True)
    first, second = digest(built / "build" / "docs"), digest(again / "build" / "docs")
    assert first == second
    site_a, site_b = digest(built / "site"), digest(again / "site")
    assert sorted(site_a) == sorted(site_b)
    assert len([name for name in site_a if name.startswith("pagefind/fragment/")]) > 50  # the search index too
    assert {k for k in site_a if site_a[k] != site_b[k]} == set()


def test_failed_check_leaves_previous_docs_and_site(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "brief")
    brief(root, "site", check=True)
    before = digest(root / "site"), digest(root / "build" / "docs")
    (root / "content" / "notes" / "2024" / "broken.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    done = brief(root, "site")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "content/notes/2024/broken.md:" in done.stderr
    assert (digest(root / "site"), digest(root / "build" / "docs")) == before


def test_a_note_is_found_by_an_actors_alias(site: Path) -> None:
    pages = pagefind_pages(site)
    kh_notes = {slug for slug, meta in sample_notes().items() if "Kataib Hezbollah" in meta.get("actors", [])}
    assert kh_notes
    for slug in kh_notes:
        assert re.search(r"\bKH\b", pages[f"/notes/{slug}/"]["content"]), slug


def test_a_busy_entity_page_shows_its_latest_notes_in_full_and_lists_the_rest(project: Path) -> None:
    for day in range(1, 31):
        (project / "content" / "notes" / "2024" / f"extra-{day:02d}.md").write_text(
            f"---\ntitle: Extra development {day}\ndate: 2024-09-{day:02d}\nsources:\n  - name: Axios\n"
            f"    url: https://www.axios.com/{day}\n    published: 2024-09-{day:02d}\ncountries: [Iraq]\n---\n"
            f"Body {day}.\n", encoding="utf-8")
    brief(project, "build", check=True)
    page = (project / "build" / "docs" / "countries" / "iraq.md").read_text(encoding="utf-8")
    full = re.findall(r'<article class="brief-entry" id="([^"]+)"', page)
    compact = re.findall(r'<article class="brief-entry brief-entry-compact" id="([^"]+)"', page)
    notes = [p for p in (project / "content" / "notes").rglob("*.md")
             if "Iraq" in (front_matter(p).get("countries") or [])]
    assert len(full) == 25
    assert sorted(full + compact) == sorted(p.stem for p in notes)
    assert "extra-30" in full and "extra-01" not in full  # the newest in full


def test_rebuilds_in_one_process_never_serve_stale_pages(project: Path) -> None:
    """brief serve rebuilds in one process with caches: an edit to a note, the registry or a
    template must show at once."""
    from builder.build import build

    def page() -> str:
        return (project / "build" / "docs" / "notes" / "blinken-baghdad-visit-sudani-promise.md").read_text(encoding="utf-8")

    note = project / "content" / "notes" / "2023" / "blinken-baghdad-visit-sudani-promise.md"
    assert "al-Sudani" in note.read_text(encoding="utf-8").split("---")[1]
    build(project)
    note.write_text(note.read_text(encoding="utf-8").replace("\n---\n", "\n---\nA fresh first line.\n\n", 1), encoding="utf-8")
    build(project)
    assert "A fresh first line." in page()
    actor = project / "content" / "actors" / "mohammed-shia-al-sudani.md"
    actor.write_text(actor.read_text(encoding="utf-8").replace("aliases: [", "aliases: [Abu Sudani Test, "),
                     encoding="utf-8")
    build(project)
    assert "Abu Sudani Test" in page()  # the note's list of names and aliases
    template = project / "templates" / "pages" / "note.md.j2"  # a new override of the packaged template
    template.parent.mkdir(parents=True)
    template.write_text((TEMPLATES / "pages" / "note.md.j2").read_text(encoding="utf-8") + "\n<p>template edited</p>\n",
                        encoding="utf-8")
    build(project)
    assert "template edited" in page()
