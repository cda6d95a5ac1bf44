"""Charts and maps: real SVG, parsed back; numbers that add up to the content; stable bytes."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

from conftest import brief, write_note

from builder import charts, paths
from builder.build import checked_index
from builder.index import Index

SVG = "{http://www.w3.org/2000/svg}"


def _index(root: Path) -> Index:
    return checked_index(root)[1]


def _link(here: str = "index.md"):
    return lambda target, fragment="": paths.relative(here, target, True, fragment)


def _svg(figure: str) -> ET.Element:
    """The <svg> inside a chart's <figure>, parsed as XML (so it is well formed)."""
    match = re.search(r"<svg .*?</svg>", figure, re.S)
    assert match, figure[:200]
    return ET.fromstring(match.group(0))


def test_monthly_chart_counts_every_note_once_by_primary_country(project: Path) -> None:
    index = _index(project)
    figure = str(charts.monthly(index, _link()))
    svg = _svg(figure)
    assert "\n\n" not in figure, "a blank line would end the raw HTML block in Markdown"
    assert svg.find(f"{SVG}title").text.startswith("Developments per month")
    assert svg.get("role") == "img" and svg.find(f"{SVG}desc").text
    segments = [r for r in svg.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    counted: Counter = Counter()
    for rect in segments:
        month, rest = rect.find(f"{SVG}title").text.split(": ", 1)
        country, numbers = rest.rsplit(", ", 1)
        counted[(month, country)] += int(numbers.split(" of ")[0])
    assert sum(counted.values()) == len(index.notes)
    first = Counter(n.countries[0].name for n in index.notes)
    by_country: Counter = Counter()
    for (_month, country), n in counted.items():
        by_country[country] += n
    assert by_country == first
    # every month from the first note to the cut-off has a slot, bars link into the timeline
    assert 'href="timeline/#2024-11"' in figure and 'href="timeline/#2024-05"' not in figure


def test_series_chart_shows_each_value_and_cites_its_notes(project: Path) -> None:
    index = _index(project)
    for i, item in enumerate(index.series()):
        figure = str(charts.series(item, _link(), f"s{i}"))
        svg = _svg(figure)
        labels = [t.text for t in svg.iter(f"{SVG}text")]
        for fig, note in item.points:
            assert fig.value_text + (charts.PARTIAL_MARK if fig.partial else "") in labels
            assert f'href="notes/{note.slug}/"' in figure
            for ref in note.sources:
                assert ref.source.name in figure
        assert svg.find(f"{SVG}title").text == item.name


def test_actor_maps_link_every_actor_and_weigh_co_mentions(project: Path) -> None:
    index = _index(project)
    whole = str(charts.actor_map(index, _link()))
    svg = _svg(whole)
    named = {t.slug for t, _ in index.ranked("actors")}
    linked = {a.get("href").split("/")[1] for a in svg.iter(f"{SVG}a")}
    assert linked == named
    sudani = next(t for t in index.kind("actors") if t.slug == "mohammed-shia-al-sudani")
    own = str(charts.actor_map(index, _link(paths.term(sudani)), sudani))
    edges = {p.find(f"{SVG}title").text for p in _svg(own).iter(f"{SVG}path")}
    for other, count in index.related_to(sudani, "actors")[:16]:
        assert f"{sudani.name} and {other.name}: named together in {count} note{'s' * (count != 1)}" in edges \
            or f"{other.name} and {sudani.name}: named together in {count} note{'s' * (count != 1)}" in edges
    assert 'href="../../actors/iran-backed-iraqi-militias/"' in own


def test_content_text_in_svg_is_escaped(project: Path) -> None:
    actor = project / "content" / "actors" / "evil.md"
    actor.write_text('---\nname: "Evil <script>alert(1)</script> & Co"\nkind: armed group\n---\nA test actor.\n',
                     encoding="utf-8")
    write_note(project, "2024/evil.md", """---
title: Evil and al-Sudani meet
date: 2024-11-20
sources:
  - name: Axios
    url: https://www.axios.com/x
    published: 2024-11-20
countries: [Iraq]
actors: ["Evil <script>alert(1)</script> & Co", Mohammed Shia al-Sudani]
summary: A test.
---
Body.
""")
    done = brief(project, "build")
    assert done.returncode == 0, done.stderr
    index = _index(project)
    for figure in (charts.actor_map(index, _link()), charts.monthly(index, _link())):
        svg = _svg(str(figure))  # parses: nothing unescaped broke the XML
        assert not list(svg.iter(f"{SVG}script")) and not list(svg.iter("script"))
    page = (project / "build" / "docs" / "actors" / "mohammed-shia-al-sudani.md").read_text(encoding="utf-8")
    assert "<script>" not in page and "Evil &lt;script&gt;" in page


def test_charts_are_deterministic(project: Path) -> None:
    index, again = _index(project), _index(project)
    assert str(charts.actor_map(index, _link())) == str(charts.actor_map(again, _link()))
    assert str(charts.monthly(index, _link())) == str(charts.monthly(again, _link()))


def test_pages_place_charts(docs: Path) -> None:
    home = (docs / "index.md").read_text(encoding="utf-8")
    assert home.count('class="brief-chart brief-chart-monthly"') == 1
    assert home.count('class="brief-chart brief-chart-series"') >= 3 and 'id="brief-map-all-title"' in home
    timeline = (docs / "timeline.md").read_text(encoding="utf-8")
    assert 'class="brief-chart brief-chart-monthly"' in timeline
    actor = (docs / "actors" / "kataib-hezbollah.md").read_text(encoding="utf-8")
    assert 'id="brief-map-kataib-hezbollah-title"' in actor
    country = (docs / "countries" / "iraq.md").read_text(encoding="utf-8")
    assert "brief-map" not in country


def test_empty_brief_has_no_charts(empty_project: Path) -> None:
    index = _index(empty_project)
    assert str(charts.monthly(index, _link())) == "" and str(charts.actor_map(index, _link())) == ""
