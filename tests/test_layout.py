"""What the built pages put where: timeline order, quotation marks, a note's neighbours, the home page's order."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import write_note

from builder.build import checked_index
from builder.sanitize import nested_quotes


def _timeline_slugs(site: Path) -> list[str]:
    """Every entry of the timeline, the current year's page first, then each earlier year's."""
    html = "".join((site / name).read_text(encoding="utf-8") for name in ("timeline/index.html", "timeline/2023/index.html"))
    return re.findall(r'<article class="brief-entry" id="([^"]+)"', html)


def test_timeline_orders_a_month_by_day_newest_first(site: Path) -> None:
    """Blinken was in Baghdad on 5 Nov 2023 and al-Sudani in Tehran on the 6th: the later trip comes first."""
    slugs = _timeline_slugs(site)
    tehran, baghdad = slugs.index("sudani-visits-tehran-khamenei-raisi"), slugs.index("blinken-baghdad-visit-sudani-promise")
    assert tehran < baghdad
    # the month's notes known only to the month come after its dated ones
    for month_only in ("iraqi-militia-attacks-on-us-forces-intensify", "us-strikes-militia-bases-and-regional-buildup"):
        assert baghdad < slugs.index(month_only)


def _note(project: Path, slug: str, title: str, date: str) -> None:
    write_note(project, f"2030/{slug}.md", f"""---
title: {title}
date: {date}
sources:
  - name: Axios
    url: https://www.axios.com/{slug}
    published: undated
countries: [Iraq]
---
Body.
""")


def test_within_a_month_dated_notes_by_day_then_month_only_notes_by_title(project: Path) -> None:
    _note(project, "beta-month", "Beta happens in the month", "2030-03")
    _note(project, "third", "Zulu on the third", "2030-03-03")
    _note(project, "alpha-month", "Alpha happens in the month", "2030-03")
    _note(project, "twentieth", "Yankee on the twentieth", "2030-03-20")
    _note(project, "april", "April note", "2030-04-01")
    _note(project, "february", "February note", "2030-02-28")
    notes = [n.slug for n in checked_index(project)[1].notes if n.date.year == 2030]
    assert notes == ["april", "twentieth", "third", "alpha-month", "beta-month", "february"]


@pytest.mark.parametrize("title, inner", [
    ("American reading of the “worst-case scenario”… into the “regional storm”",
     "American reading of the ‘worst-case scenario’… into the ‘regional storm’"),
    ('Soufan warns of a "worst-case scenario"', "Soufan warns of a ‘worst-case scenario’"),
    ('"Quoted whole"', "Quoted whole"),
    ("“Quoted whole”", "Quoted whole"),
    ("No quotes, an apostrophe's fine", "No quotes, an apostrophe's fine"),
])
def test_titles_printed_in_quotation_marks_nest_their_own_quotes(title: str, inner: str) -> None:
    assert nested_quotes(title) == inner


def test_no_output_doubles_a_closing_quotation_mark(site: Path) -> None:
    """A source title ending in a quotation once printed `…regional storm””` on every page and feed."""
    checked = 0
    for path in sorted(site.rglob("*")):
        if path.suffix in (".html", ".xml", ".json") and path.is_file():
            text = path.read_text(encoding="utf-8")
            assert not re.search(r'[”"]”|”"|&quot;”|”&quot;', text), path
            checked += "regional storm" in text
    assert checked > 20  # the home page, timeline, notes, entity pages and feeds carry that title
    note = (site / "notes" / "soufan-worst-case-scenario-assessment" / "index.html").read_text(encoding="utf-8")
    assert "“American reading of the ‘worst-case scenario’… warning against dragging Iraq into the ‘regional storm’”" in note


def _pager(site: Path, slug: str) -> dict[str, str]:
    html = (site / "notes" / slug / "index.html").read_text(encoding="utf-8")
    nav = html.split('<nav class="brief-pager"')[1].split("</nav>")[0]
    return {rel: href.split("/")[-2] for href, rel in re.findall(r'href="([^"]+)" rel="(prev|next)"', nav)}


def test_note_pages_link_earlier_and_later_notes_in_timeline_order(site: Path) -> None:
    slugs = _timeline_slugs(site)
    assert _pager(site, "sudani-visits-tehran-khamenei-raisi") == {
        "prev": "blinken-baghdad-visit-sudani-promise", "next": slugs[slugs.index("sudani-visits-tehran-khamenei-raisi") - 1]}
    # walking "← Earlier" from the newest note visits every note, in the timeline's order
    walk, links = [slugs[0]], _pager(site, slugs[0])
    assert "next" not in links
    while "prev" in links:
        walk.append(links["prev"])
        links = _pager(site, walk[-1])
    assert walk == slugs
    html = (site / "notes" / slugs[0] / "index.html").read_text(encoding="utf-8")
    assert "← Earlier" in html and "data-search-exclude" in html.split('<nav class="brief-pager"')[1][:80]


def test_no_empty_footer_bar(site: Path) -> None:
    """Material's footer would hold nothing (no copyright, no social links): it holds the marking alone."""
    for page in ("index.html", "timeline/index.html", "notes/sudani-visits-tehran-khamenei-raisi/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        footer = html[html.index('<footer class="md-footer">'):html.index("</footer>")]
        assert re.sub(r"<[^>]+>|\s", "", footer) == "Handling:INTERNAL", page
        assert "md-footer__inner" not in footer and "md-copyright" not in footer, page


def test_home_page_puts_the_latest_developments_first(docs: Path) -> None:
    """Title, lead and counts, then the bottom line (key judgements, what is new) and the developments:
    nothing (charts, buttons) pushes them off the first screens."""
    home = (docs / "index.md").read_text(encoding="utf-8")
    counts = home.index('<p class="brief-counts">')
    after_counts = home[home.index("</p>", counts) + 4:]
    assert after_counts.lstrip().startswith("## Key judgements")
    assert home.index("## Key judgements") < home.index("## New since") < home.index("## Latest developments")
    assert home.index("## Latest developments") < home.index('class="md-button') < home.index("## Developments per month")


def test_index_and_figure_tables_are_materials_own(site: Path) -> None:
    """No class on the table (Material styles and wraps `table:not([class])`); the wrapper carries ours."""
    for page in ("actors/index.html", "countries/index.html", "sources/index.html", "index.html",
                 "notes/iraqi-militia-drone-attacks-on-israel-surge/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        tables = re.findall(r"<div class=\"brief-table [^\"]+\"[^>]*>\s*<table(.*?)>", html)
        assert tables and all(attrs == "" for attrs in tables), page
        assert html.count("<table") == len(tables), page
