"""The key judgements as a reader on a phone meets them: first, before any chart; grades with tooltips."""
from __future__ import annotations

import pytest

from test_browser import DESKTOP, PHONE, browser, server, shoot, visit  # noqa: F401  (the shared fixtures)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_key_judgements_start_on_the_first_phone_screen_before_any_chart(visit, scheme: str) -> None:
    page = visit("", viewport=PHONE, scheme=scheme)
    heading = page.locator("h2#key-judgements")
    top = heading.bounding_box()["y"]
    assert top < PHONE["height"] - 120, f"'Key judgements' starts {top:.0f}px down, below the first phone screen"
    first = page.locator(".brief-kj-item").first.bounding_box()
    assert first["y"] + first["height"] <= PHONE["height"], "the first judgement must fit on the first screen"
    charts = page.locator("figure.brief-chart")
    assert charts.count() and all(charts.nth(i).bounding_box()["y"] > top for i in range(charts.count()))
    items = page.locator(".brief-kj-item")
    last = items.nth(items.count() - 1).bounding_box()
    assert last["y"] < charts.first.bounding_box()["y"], "every judgement comes before the first chart"
    assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0
    shoot(page, f"home-key-judgements-phone-{scheme}", full_page=False)


def test_a_grade_has_a_tooltip_and_leads_to_the_legend(visit) -> None:
    page = visit("timeline/", viewport=DESKTOP)
    grade = page.locator("article.brief-entry a.brief-grade").first
    assert grade.get_attribute("title").startswith("Grade ")
    grade.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/method/grades/#source-reliability")
    assert page.locator("h2#source-reliability").is_visible()
    shoot(page, "grades-legend")
