"""Charts and maps: real SVG, parsed back; numbers that add up to the content; stable bytes."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import yaml
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


def _box(svg: ET.Element) -> list[float]:
    return [float(v) for v in svg.get("viewBox").split()]


def test_charts_scale_to_their_column_with_type_legible_on_a_phone(project: Path) -> None:
    """No fixed size: a viewBox only (CSS sets width 100 %), and type that renders at >= 10 px in a 358 px column."""
    index = _index(project)
    figures = [charts.monthly(index, _link()), *charts.all_series(index, _link()), charts.actor_map(index, _link()),
               charts.actor_map(index, _link(), next(t for t in index.kind("actors") if t.slug == "mohammed-shia-al-sudani"))]
    for figure in figures:
        svg = _svg(str(figure))
        assert svg.get("width") is None and svg.get("height") is None
        width = _box(svg)[2]
        sizes = [float(t.get("font-size") or svg.get("font-size")) for t in svg.iter(f"{SVG}text")]
        assert sizes and min(sizes) * 358 / width >= 10, (svg.find(f"{SVG}title").text, width, min(sizes))


def test_monthly_chart_is_one_colour_counts_every_note_once_and_shows_gaps(project: Path) -> None:
    index = _index(project)
    figure = str(charts.monthly(index, _link()))
    svg = _svg(figure)
    assert "\n\n" not in figure, "a blank line would end the raw HTML block in Markdown"
    assert svg.find(f"{SVG}title").text == "Developments per month, Nov 2023 to Nov 2024"
    assert svg.get("role") == "group" and svg.find(f"{SVG}desc").text
    bars = [r for r in svg.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert len({r.get("fill") for r in bars}) == 1, "one colour: the first-named country is not a category"
    counted = Counter()
    for rect in bars:
        month, count = re.fullmatch(r"(\w+ \d{4}): (\d+) developments?", rect.find(f"{SVG}title").text).groups()
        counted[month] = int(count)
    assert counted == Counter({"November 2023": 5, "December 2023": 4, "October 2024": 2, "November 2024": 10})
    assert sum(counted.values()) == len(index.notes)
    # January to September 2024 hold no notes: one hatched gap, not nine zero bars
    gaps = [g for g in svg.iter(f"{SVG}g") if g.get("class") == "brief-gap"]
    assert [g.find(f"{SVG}title").text for g in gaps] == [
        "Jan 2024 to Sep 2024: no notes collected (a gap in collection, not a quiet period)"]
    assert "no notes collected" in figure and "gap in collection" in figure
    # the y-axis says what it counts; every month is labelled under its own slot, the year where it changes
    labels = [t.text for t in svg.iter(f"{SVG}text")]
    assert "developments" in labels
    assert labels.count("Nov") == 2 and "Jan" in labels and "2023" in labels and "2024" in labels
    # bars link into the timeline's months, on the page of their year; empty months have no link
    assert 'href="timeline/#2024-11"' in figure and 'href="timeline/#2024-05"' not in figure
    assert 'href="timeline/2023/#2023-11"' in figure


def test_month_labels_stay_under_their_bars_when_many(project: Path) -> None:
    """Three years of months (Jan 2022 to Nov 2024): every n-th month labelled, each centred on its own slot."""
    for month in range(1, 13):
        for year in (2022, 2023):
            write_note(project, f"2023/m-{year}-{month}.md", f"""---
title: Note of {year}-{month:02d}
date: {year}-{month:02d}
sources:
  - name: Axios
    url: https://www.axios.com/x
    published: undated
countries: [Iraq]
---
Body.
""")
    svg = _svg(str(charts.monthly(_index(project), _link())))
    centres = {round(float(r.get("x")) + float(r.get("width")) / 2, 1): r.find(f"{SVG}title").text[:3]
               for r in svg.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None}
    labels = [(round(float(t.get("x")), 1), t.text) for t in svg.iter(f"{SVG}text") if t.text in
              ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")]
    assert 35 // 3 <= len(labels) < 35, "fewer labels than months, but at least one a quarter"
    under_bars = 0
    for x, text in labels:
        bar = next((month for centre, month in centres.items() if abs(centre - x) <= 0.2), None)
        assert bar in (None, text), f"label {text} at {x} is under the {bar} bar"
        under_bars += bar == text
    assert under_bars >= 8  # the others are under the months of the 2024 gap
    steps = {b[0] - a[0] for a, b in zip(labels, labels[1:])}
    assert len({round(s) for s in steps}) == 1, "the same step all along the axis"


def test_series_caption_names_the_outlets_and_links_the_note(project: Path) -> None:
    index = _index(project)
    for i, item in enumerate(index.series()):
        figure = str(charts.series(item, _link(), f"s{i}"))
        svg = _svg(figure)
        labels = [t.text for t in svg.iter(f"{SVG}text")]
        caption = figure.split("<figcaption>")[1]
        if item.unit:
            assert item.unit in labels, "the y-axis names its unit"
        for fig, note in item.points:
            assert fig.value_text + (charts.PARTIAL_MARK if fig.partial else "") in labels
            assert f'via note <a href="notes/{note.slug}/">“' in caption
            for ref in note.sources:
                assert ref.source.name in caption
        assert svg.find(f"{SVG}title").text == item.name
        assert re.search(r"Sources?: (Unidentified outlet|The Soufan Center \(through Shafaq News\)), via note",
                         caption), caption


def test_home_map_is_bounded_to_the_most_named_actors(project: Path) -> None:
    index = _index(project)
    whole = str(charts.actor_map(index, _link()))
    svg = _svg(whole)
    top = {t.slug for t, _ in index.ranked("actors")[:charts.HOME_ACTORS]}
    linked = {a.get("href").split("/")[1] for a in svg.iter(f"{SVG}a")}
    assert linked == top and len(linked) == 10
    edges = [p.find(f"{SVG}title").text for p in svg.iter(f"{SVG}path")]
    assert 0 < len(edges) <= charts.HOME_LINKS * charts.HOME_ACTORS
    assert f"10 most-named actors (of {len(index.ranked('actors'))}" in whole
    # the same size whatever the number of notes: the width is the ring and the labels, nothing else
    assert _box(svg)[2] <= 470


def test_home_map_size_does_not_grow_with_the_notes(project: Path) -> None:
    """The sample, then the sample and 300 more notes naming every actor: the same ten dots, the same frame."""
    before = _svg(str(charts.actor_map(_index(project), _link())))
    names = sorted(yaml.safe_load(p.read_text(encoding="utf-8").split("---")[1])["name"]
                   for p in (project / "content" / "actors").glob("*.md"))
    for i in range(300):
        actors = ", ".join(f'"{names[(i * 7 + k * 3) % len(names)]}"' for k in range(4))
        write_note(project, f"2024/many-{i:03d}.md", f"""---
title: Development {i}
date: 2024-06-{1 + i % 28:02d}
sources:
  - name: Axios
    url: https://www.axios.com/{i}
    published: undated
countries: [Iraq]
actors: [{actors}]
---
Body.
""")
    after = _svg(str(charts.actor_map(_index(project), _link())))
    for svg in (before, after):
        assert len(list(svg.iter(f"{SVG}circle"))) == charts.HOME_ACTORS
        assert len(list(svg.iter(f"{SVG}path"))) <= charts.HOME_LINKS * charts.HOME_ACTORS
        assert _box(svg)[2] <= 470 and _box(svg)[3] <= 640, _box(svg)


def test_actor_map_shows_its_twelve_strongest_companions_framed_tightly(project: Path) -> None:
    index = _index(project)
    sudani = next(t for t in index.kind("actors") if t.slug == "mohammed-shia-al-sudani")
    own = str(charts.actor_map(index, _link(paths.term(sudani)), sudani))
    svg = _svg(own)
    edges = {p.find(f"{SVG}title").text for p in svg.iter(f"{SVG}path")}
    related = index.related_to(sudani, "actors")
    for other, count in related[:12]:
        assert f"{sudani.name} and {other.name}: named together in {count} note{'s' * (count != 1)}" in edges \
            or f"{other.name} and {sudani.name}: named together in {count} note{'s' * (count != 1)}" in edges
    assert len(list(svg.iter(f"{SVG}circle"))) == 13
    assert f"{len(related) - 12} more in the list above" in own
    assert 'href="../../actors/iran-backed-iraqi-militias/"' in own
    # framed on what is drawn: the top label is near the top edge, the legend near the bottom
    x, y, width, height = _box(svg)
    texts = [float(t.get("y")) for t in svg.iter(f"{SVG}text") if t.get("y")]
    assert min(texts) - y < 30 and y + height - max(texts) < 20


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
    assert home.index("## Latest developments") < home.index("## Developments per month") < home.index("## Key figures")
    timeline = (docs / "timeline.md").read_text(encoding="utf-8")
    assert 'class="brief-chart brief-chart-monthly"' in timeline
    actor = (docs / "actors" / "kataib-hezbollah.md").read_text(encoding="utf-8")
    assert 'id="brief-map-kataib-hezbollah-title"' in actor
    country = (docs / "countries" / "iraq.md").read_text(encoding="utf-8")
    assert "brief-map" not in country


def test_empty_brief_has_no_charts(empty_project: Path) -> None:
    index = _index(empty_project)
    assert str(charts.monthly(index, _link())) == "" and str(charts.actor_map(index, _link())) == ""
