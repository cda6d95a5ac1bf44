"""The site on a phone and for every reader, in headless Chromium: charts that fit, tables that read,
tap targets and contrast, and axe-core (vendored, tests/vendor/) finding nothing serious.

Screenshots of home, timeline, an actor page and a note page at 390 × 844 and 1280 × 900, light and
dark, go to test-artifacts/ (<page>-<phone|desktop>-<scheme>.png) for a person to look at.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from builder.model import KINDS
from conftest import ROOT
from test_browser import DESKTOP, PHONE, browser, server, shoot, visit  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

AXE = ROOT / "tests" / "vendor" / "axe.min.js"
PAGES = {
    "home": "",
    "timeline": "timeline/",
    "actor": "actors/mohammed-shia-al-sudani/",
    "note": "notes/iraqi-militia-drone-attacks-on-israel-surge/",
}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
CHART_PAGES = ("", "timeline/", "actors/mohammed-shia-al-sudani/")


@pytest.mark.parametrize("path", CHART_PAGES)
def test_charts_fit_their_column_on_a_phone_with_legible_text(visit, path: str) -> None:
    page = visit(path, viewport=PHONE)
    charts = page.eval_on_selector_all("figure.brief-chart", """figures => figures.map(f => {
        const svg = f.querySelector('svg'), box = svg.getBoundingClientRect();
        const scale = svg.getScreenCTM().a;
        const sizes = [...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
        return {name: svg.querySelector('title').textContent, width: box.width, right: box.right,
                column: f.getBoundingClientRect().width, smallest: Math.min(...sizes),
                scrolls: f.scrollWidth > f.clientWidth + 1};
    })""")
    assert charts
    for chart in charts:
        assert chart["width"] <= chart["column"] + 0.5 and chart["right"] <= PHONE["width"], chart
        assert not chart["scrolls"], chart
        assert chart["smallest"] >= 9.95, f"{chart['name']}: text renders at {chart['smallest']:.1f} px"
    if path in ("", "timeline/"):  # the newest month's bar is on screen, not scrolled off it
        last = page.locator("figure.brief-chart-monthly svg a rect").last.bounding_box()
        assert 0 <= last["x"] and last["x"] + last["width"] <= PHONE["width"] - 16, last
    assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0


@pytest.mark.parametrize("path", ["", "actors/mohammed-shia-al-sudani/"])
def test_relationship_map_labels_never_overlap(visit, path: str) -> None:
    page = visit(path, viewport=PHONE)
    boxes = page.eval_on_selector_all("figure.brief-map svg text.brief-label", """labels => labels.map(t => {
        const b = t.getBoundingClientRect(); return [t.textContent, b.left, b.top, b.right, b.bottom];
    })""")
    assert len(boxes) >= 10
    for i, (name, *a) in enumerate(boxes):
        for other, *b in boxes[i + 1:]:
            apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
            assert apart, f"labels '{name}' and '{other}' overlap"


WORDS_BROKEN = """cells => {
    const broken = [];
    for (const cell of cells) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const match of node.data.matchAll(/[^\\s\u2010-]+/g)) {  // a line may end after a hyphen
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                if (lines.size > 1) broken.push(match[0]);
            }
        }
    }
    return broken;
}"""


@pytest.mark.parametrize("path", ["actors/", "countries/", "sources/",
                                  "notes/iraqi-militia-drone-attacks-on-israel-surge/", ""])
def test_tables_keep_words_whole_and_scroll_inside_their_wrapper(visit, path: str) -> None:
    page = visit(path, viewport=PHONE)
    page.evaluate("() => document.querySelectorAll('details.brief-data').forEach(d => d.open = true)")
    tables = page.locator(".brief-table table")
    assert tables.count() >= 1
    broken = page.eval_on_selector_all(".brief-table td, .brief-table th", WORDS_BROKEN)
    assert not broken, f"words broken across lines: {broken}"
    # Material's table style applies (borders, padding), and a wide table scrolls in its own box
    style = tables.first.evaluate("t => getComputedStyle(t.querySelector('td')).borderTopWidth")
    assert style != "0px"
    assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0
    if path == "actors/":
        wrapper = page.locator(".md-typeset__scrollwrap").first
        assert wrapper.evaluate("w => w.scrollWidth > w.clientWidth && getComputedStyle(w).overflowX === 'auto'")


def test_home_shows_the_bottom_line_on_the_first_phone_screen(visit) -> None:
    """The key judgements open the phone's first screen; the developments come before any chart."""
    page = visit("", viewport=PHONE)
    judgement = page.locator(".brief-kj-item").first.bounding_box()
    assert judgement["y"] + 60 <= PHONE["height"], f"the first key judgement starts at {judgement['y']:.0f} px"
    first = page.locator("article.brief-entry").first.bounding_box()
    chart = page.locator("figure.brief-chart-monthly").bounding_box()
    assert judgement["y"] < first["y"] < chart["y"]


def _contrast(fg: str, bg: str) -> float:
    def luminance(colour: str) -> float:
        r, g, b = (int(v) / 255 for v in re.findall(r"[\d.]+", colour)[:3])
        r, g, b = ((c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4) for c in (r, g, b))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    high, low = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_outline_buttons_read_and_links_are_tap_targets(visit, scheme: str) -> None:
    page = visit("", scheme=scheme, viewport=PHONE)
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    buttons = page.locator(".brief-ways .md-button:not(.md-button--primary)").all()
    assert len(buttons) == len(KINDS) + 1  # a button per kind, and the PDF
    for button in buttons:  # outline buttons: text straight on the page's background
        colour = button.evaluate("b => getComputedStyle(b).color")
        assert _contrast(colour, background) >= 4.5, (button.inner_text(), colour, background)
        assert button.bounding_box()["height"] >= 24
    # links in entry lists sit on lines at least 24 px apart; the ¶ permalink is a 24 px box
    for selector in (".brief-entry .brief-terms", ".brief-entry .brief-cites"):
        line = page.locator(selector).first.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)")
        assert line >= 24, (selector, line)
    box = page.locator(".brief-permalink").first.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_serious_violation_and_screenshots(visit, name: str, scheme: str, viewport: str) -> None:
    """axe-core with its default rules plus target-size (WCAG 2.2 AA, off by default in axe); no rule disabled."""
    page = visit(PAGES[name], scheme=scheme, viewport=VIEWPORTS[viewport])
    shoot(page, f"{name}-{viewport}-{scheme}")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations'], rules: {'target-size': {enabled: true}}});
        return result.violations.map(v => ({id: v.id, impact: v.impact,
            nodes: v.nodes.map(n => n.target.join(' ') + ': ' + (n.failureSummary || '').split('\\n')[1])}));
    }""")
    serious = [v for v in found if v["impact"] in ("serious", "critical")]
    assert not serious, "\n".join(f"{v['id']} ({v['impact']}): {v['nodes'][:3]}" for v in serious)



MARKINGS = ".md-banner .brief-marking, .md-footer .brief-marking"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGES)
def test_the_marking_opens_and_closes_every_page_legibly(visit, name: str, scheme: str) -> None:
    """The brief's handling marking (the PDF's, from extra.brief.marking) is on the first screen, above the
    header, and again in the footer, at 390 px and 1280 px, in both schemes, at 4.5:1 or more."""
    for viewport in VIEWPORTS.values():
        page = visit(PAGES[name], scheme=scheme, viewport=viewport)
        top, bottom = page.locator(".md-banner .brief-marking"), page.locator(".md-footer .brief-marking")
        assert top.text_content() == bottom.text_content() == "Handling: INTERNAL"  # "Handling:" for screen readers
        assert top.locator(".brief-visually-hidden").bounding_box()["width"] <= 1
        box = top.bounding_box()
        assert top.is_visible() and box["y"] >= 0 and box["y"] + box["height"] <= 80, box  # before the header
        assert box["height"] >= 16 and box["width"] <= viewport["width"]
        bottom.scroll_into_view_if_needed()
        assert bottom.is_visible()
        for marking in (top, bottom):
            colour, background, size = marking.evaluate(
                "m => [getComputedStyle(m).color, getComputedStyle(m).backgroundColor, parseFloat(getComputedStyle(m).fontSize)]")
            assert _contrast(colour, background) >= 4.5 and size >= 12, (colour, background, size)
        header = page.locator(".md-header").bounding_box()
        page.evaluate("() => window.scrollTo(0, 0)")
        assert top.bounding_box()["y"] + top.bounding_box()["height"] <= page.locator(".md-header").bounding_box()["y"] + 1
        assert header["width"] == viewport["width"]
        if name == "home":
            shoot(page, f"marking-{'phone' if viewport is PHONE else 'desktop'}-{scheme}", full_page=False)


@pytest.mark.parametrize("name", ["home", "note"])
def test_a_page_title_takes_a_sixth_of_a_phone_screen_at_most(visit, name: str) -> None:
    """The bottom line first: on a 390 px phone the title leaves most of the first screen to the content."""
    page = visit(PAGES[name], viewport=PHONE)
    box = page.locator("article h1").first.bounding_box()
    size = page.eval_on_selector("article h1", "h => parseFloat(getComputedStyle(h).lineHeight)")
    assert box["height"] <= 4 * size + 1 and box["height"] < PHONE["height"] / 6, (box, size)
