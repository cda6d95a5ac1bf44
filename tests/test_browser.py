"""The site as readers use it, in real headless Chromium (Debian's, never a downloaded browser).

The built sample is served from 127.0.0.1; every request is watched: none may leave the
local server, none may fail, and the console stays free of errors. Screenshots of home,
timeline, an actor page and search results (light and dark, desktop and phone) go to
test-artifacts/ for a person to look at.
"""
from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest

from conftest import IN_CI, ROOT

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"]
ARTIFACTS = ROOT / "test-artifacts"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


_SHARED: dict = {}


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium; skipped (with the reason) outside CI if it or playwright is missing."""
    reason = ""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason = "the playwright package is missing; run: .venv/bin/pip install -e '.[test]'"
    if not reason and not Path(CHROMIUM).exists():
        reason = f"{CHROMIUM} is missing; run: make system (installs Debian's chromium)"
    if reason:
        if IN_CI:
            pytest.fail(reason)
        print(f"skipping browser tests: {reason}")
        pytest.skip(reason)
    # one Chromium per test process, however many modules use this fixture (test_offline does)
    if not _SHARED:
        _SHARED["playwright"] = sync_playwright().start()
        _SHARED["browser"] = _SHARED["playwright"].chromium.launch(executable_path=CHROMIUM, args=ARGS)
        _SHARED["users"] = 0
    _SHARED["users"] += 1
    yield _SHARED["browser"]
    _SHARED["users"] -= 1
    if not _SHARED["users"]:
        _SHARED["browser"].close()
        _SHARED["playwright"].stop()
        _SHARED.clear()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    """The built site over HTTP on 127.0.0.1 (a free port), for as long as the session runs."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}/"
    httpd.shutdown()
    httpd.server_close()


class Watch:
    """Everything a page did that a reader must never see: errors, failed or outside requests."""

    def __init__(self, allowed: tuple[str, ...]) -> None:
        self.allowed = allowed
        self.outside: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []

    def attach(self, context: object) -> None:
        context.route("**/*", self._route)
        # No failed request is tolerated (Material's sitemap probes beside the feed links are
        # answered by the empty sitemaps that builder/feeds.py writes).
        context.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.status} {r.url}"))
        context.on("requestfailed", lambda r: self.failed.append(f"failed {r.url}"))

    def page(self, page: object) -> object:
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))
        return page

    def _route(self, route: object) -> None:
        url = route.request.url
        if url.startswith(self.allowed) or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def _console(self, message: object) -> None:
        text = message.text
        if message.type != "error":
            return
        where = (message.location or {}).get("url", "")
        # a failed load is judged by its response above (which knows the URL)
        if text.startswith("Failed to load resource"):
            return  # recorded with its URL and status by the response/requestfailed handlers
        self.errors.append(f"console: {text} ({where})")

    def check(self) -> None:
        assert not self.outside, f"requests left the local server: {self.outside}"
        assert not self.failed, f"failed requests: {self.failed}"
        assert not self.errors, f"console errors: {self.errors}"


def open_page(browser: object, allowed: tuple[str, ...], *, scheme: str = "light", viewport: dict = DESKTOP):
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    watch = Watch(allowed)
    watch.attach(context)
    return context, watch.page(context.new_page()), watch


@pytest.fixture
def visit(browser: object, server: str) -> Iterator:
    """`visit(path, scheme=…, viewport=…)` opens a page of the local site; checks requests and console after."""
    opened: list = []

    def go(path: str = "", **options: object):
        context, page, watch = open_page(browser, (server,), **options)
        opened.append((context, watch))
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
        return page

    yield go
    for context, watch in opened:
        context.close()
        watch.check()


def shoot(page: object, name: str, *, full_page: bool = True) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def search(page: object, query: str) -> list[str]:
    """Type `query` into the search box (Material's, answered by Pagefind); the result pages' URLs, best first."""
    box = page.locator("input.md-search__input")
    box.click()
    # the index loads asynchronously: retry until a query is answered
    for _attempt in range(30):
        box.fill("")
        page.wait_for_function("() => !document.querySelector('.md-search-result__list').children.length")
        box.fill(query[:-1])
        box.press(query[-1])  # a real key press, as a reader types
        try:
            page.wait_for_function("() => document.querySelector('.md-search-result__list').children.length",
                                   timeout=1000)
            break
        except Exception:  # noqa: BLE001 (playwright's TimeoutError: index not ready yet)
            continue
    if page.evaluate("() => [...document.scripts].some(s => s.src.endsWith('assets/search.js'))"):
        # brief's search (Pagefind): the whole question answered, every search of it drawn (a busy machine
        # may take seconds)
        page.wait_for_function("q => document.querySelector('.md-search-result').dataset.complete === q",
                               arg=query, timeout=20_000)
    else:  # Material's own search (lunr, the offline copy) answers in one go: let the last answer land
        page.wait_for_timeout(300)
    hrefs = page.eval_on_selector_all(".md-search-result__list > li > a", "els => els.map(e => e.href)")
    return [h.split("?")[0].split("#")[0] for h in hrefs]


def test_home_shows_charts_and_map_in_light_dark_and_phone(visit, server: str) -> None:
    for scheme in ("light", "dark"):
        page = visit("", scheme=scheme)
        assert page.locator("h1").first.inner_text().startswith("Iraq between Iran")
        monthly = page.locator("figure.brief-chart-monthly svg")
        assert monthly.is_visible() and monthly.bounding_box()["height"] > 150
        assert page.locator("figure.brief-chart-series").count() >= 3
        assert page.locator("figure.brief-map svg a").count() == 10  # the most-named actors, however many notes
        label = page.locator("figure.brief-chart-monthly svg text").first
        colour = label.evaluate("e => getComputedStyle(e).fill")
        background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
        assert colour != background, "chart labels must follow the scheme's text colour"
        shoot(page, f"home-{scheme}")
    phone = visit("", viewport=PHONE)
    overflow = phone.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the home page is {overflow}px wider than a phone screen"
    assert phone.locator(".brief-entry-date .brief-precision").first.is_visible()
    shoot(phone, "home-phone")


@pytest.mark.parametrize("query, first", [
    ("Sudani", "actors/mohammed-shia-al-sudani/"),
    ("Iraqi Prime Minister", "actors/mohammed-shia-al-sudani/"),
    ("KH", "actors/kataib-hezbollah/"),
    ("Kataib Hezbollah", "actors/kataib-hezbollah/"),
    ("Sanctions waivers, Fed-held reserves", "notes/iraq-economic-exposure-gives-us-leverage/"),
])
def test_search_finds_entities_by_name_and_alias_and_notes_by_phrase(visit, server: str, query: str, first: str) -> None:
    page = visit("")
    found = search(page, query)
    assert found, f"no results for {query!r}"
    assert found[0] == server + first, f"{query!r}: {found[:5]}"


def test_entity_page_ranks_above_passing_mentions(visit, server: str) -> None:
    page = visit("")
    found = search(page, "Sudani")
    notes = [i for i, url in enumerate(found) if "/notes/" in url]
    assert notes and found.index(server + "actors/mohammed-shia-al-sudani/") < notes[0]
    shoot(page, "search-light", full_page=False)
    dark = visit("", scheme="dark")
    assert search(dark, "KH")[0] == server + "actors/kataib-hezbollah/"
    shoot(dark, "search-dark", full_page=False)


def test_timeline_permalink_and_actor_link(visit, server: str) -> None:
    page = visit("timeline/")
    assert page.locator("figure.brief-chart-monthly svg").is_visible()
    shoot(page, "timeline-light")
    entry = page.locator("article.brief-entry").nth(3)
    slug = entry.get_attribute("id")
    entry.locator("a.brief-permalink").click()
    page.wait_for_url(f"{server}timeline/#{slug}")
    assert page.locator(f"article#{slug}").is_visible()
    assert entry.locator("time").get_attribute("datetime")
    assert entry.locator(".brief-precision").inner_text().strip().lower() in ("day", "month", "approximate")
    actor = entry.locator("a.brief-term-actors").first
    name = actor.inner_text()
    actor.click()
    page.wait_for_load_state("networkidle")
    assert page.url.startswith(server + "actors/")
    assert page.locator("h1").first.inner_text().rstrip("¶") == name
    assert page.locator("figure.brief-map svg").is_visible()
    shoot(page, "actor-light")
    dark = visit("actors/mohammed-shia-al-sudani/", scheme="dark")
    assert dark.locator("figure.brief-map svg a").count() >= 5
    shoot(dark, "actor-dark")
    phone = visit("timeline/", viewport=PHONE, scheme="dark")
    assert phone.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0
    shoot(phone, "timeline-phone-dark")


def test_feed_and_pdf_links_load(visit, server: str) -> None:
    page = visit("")
    rss = page.locator('a[type="application/rss+xml"]').first.get_attribute("href")
    pdf = page.locator('a[type="application/pdf"]').first.get_attribute("href")
    feed_url, pdf_url = server + rss, server + pdf
    feed = page.request.get(feed_url)
    assert feed.status == 200, feed_url
    parsed = feedparser.parse(feed.body())
    # every note, every key judgement, and the one judgement change (revised in the edition of 30 Nov 2024)
    assert not parsed.bozo and len(parsed.entries) == 21 + 4 + 1
    document = page.request.get(pdf_url)
    assert document.status == 200 and document.body().startswith(b"%PDF"), pdf_url
    page.goto(feed_url)  # following the link itself works too
    assert "rss" in page.content().lower()


def test_old_timeline_links_land_on_the_note_and_the_month(browser: object, visit, server: str) -> None:
    """Before the timeline was split by year, every entry was /timeline/#<slug> and every month /timeline/#<YYYY-MM>:
    a note of an earlier year goes to its own page, a month of an earlier year to its year's page."""
    for old, new in (("timeline/#blinken-baghdad-visit-sudani-promise", "notes/blinken-baghdad-visit-sudani-promise/"),
                     ("timeline/#2023-11", "timeline/2023/#2023-11")):
        context, page, watch = open_page(browser, (server,))
        try:
            page.goto(server + old)
            page.wait_for_url(server + new)
            page.wait_for_load_state("networkidle")
            assert page.locator(f'[id="{new.rsplit("#", 1)[-1]}"]').is_visible() if "#" in new else \
                "Blinken" in page.locator("h1").first.inner_text()
        finally:
            context.close()
        # the redirect cuts short what the first page was still fetching (Material's probes, its search
        # worker): requests aborted, never answered with an error
        assert not watch.outside and not watch.errors
        assert all(f.startswith("failed ") for f in watch.failed), watch.failed
    page = visit("timeline/#israel-october-26-strike-disputed-target")  # on this page: it stays
    assert page.url == f"{server}timeline/#israel-october-26-strike-disputed-target"
    assert page.locator("article#israel-october-26-strike-disputed-target").is_visible()
