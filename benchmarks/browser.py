"""The built site in headless Chromium: the home page's load, and search as a reader meets it.

The site is served over loopback HTTP by a server that counts every byte it sends, so
bytes fetched include what workers load (the search engine and index), uncompressed.
"""
from __future__ import annotations

import functools
import http.server
import shutil
import statistics
import threading
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"]
DESKTOP = {"width": 1280, "height": 900}
HOME_TIMEOUT = 30.0  # seconds; the issue saw a 10,000-note home page not load in 30 s
SEARCH_TIMEOUT = 120.0
RESULTS = "() => document.querySelector('.md-search-result__list').children.length > 0"
NO_RESULTS = "() => document.querySelector('.md-search-result__list').children.length === 0"


class _Counting(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def copyfile(self, source, outputfile) -> None:  # noqa: ANN001 (http.server's signature)
        sent = 0
        while chunk := source.read(64 * 1024):
            outputfile.write(chunk)
            sent += len(chunk)
        with self.server.lock:
            self.server.bytes_sent += sent


class Server(http.server.ThreadingHTTPServer):
    """The site on 127.0.0.1 (a free port); `bytes_sent` since the last `reset()`."""

    def __init__(self, site: Path) -> None:
        super().__init__(("127.0.0.1", 0), functools.partial(_Counting, directory=str(site)))
        self.lock = threading.Lock()
        self.bytes_sent = 0
        self.url = f"http://127.0.0.1:{self.server_port}/"

    def reset(self) -> None:
        with self.lock:
            self.bytes_sent = 0


def unavailable() -> str:
    """Why the browser measurements cannot run here, or ''."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing (.venv/bin/pip install -e '.[test]')"
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        return f"{CHROMIUM} is missing (make system installs Debian's chromium)"
    return ""


def home_load(browser: object, server: Server) -> dict:
    """Seconds until the home page's load event (None: not within HOME_TIMEOUT) and bytes fetched."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    server.reset()
    started = time.perf_counter()
    try:
        page.goto(server.url, wait_until="load", timeout=HOME_TIMEOUT * 1000)
        seconds: float | None = time.perf_counter() - started
    except Exception:  # noqa: BLE001 (playwright's TimeoutError)
        seconds = None
    fetched = server.bytes_sent
    context.close()
    return {"seconds": seconds, "bytes": fetched}


def search(browser: object, server: Server, path: str, query: str, second: str) -> dict:
    """Open `path`, type `query` at once (the search engine still to load), then `second` with it ready.

    Bytes are counted from the page's load event: what the searches fetched (Material's whole index, or
    Pagefind's engine and the pieces of its index a query needs), not the page. A query typed at once
    is its last key: the time to first results is the time after the last key."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(server.url + path, wait_until="load", timeout=HOME_TIMEOUT * 1000)
    server.reset()
    box = page.locator("input.md-search__input")
    box.click()
    cold, fetched = _typed(page, server, query)
    first = page.locator(".md-search-result__item h1, .md-search-result__item h2").first.inner_text()
    box.press("Control+a")
    box.press("Backspace")
    page.wait_for_function(NO_RESULTS, timeout=SEARCH_TIMEOUT * 1000)
    server.reset()
    warm, warm_fetched = _typed(page, server, second)
    context.close()
    return {"cold": cold, "warm": warm, "bytes": fetched, "warm_bytes": warm_fetched, "first_result": first.strip(),
            "paced": paced(browser, server, path, query)}


KEY_DELAY = 100  # milliseconds between two keys: a quick reader's pace
# In the page: when the last key changed the box, and when brief's script first answered the whole question.
WATCH = """q => {
  const input = document.querySelector('input.md-search__input'), result = document.querySelector('.md-search-result');
  window.briefTimes = {};
  input.addEventListener('input', () => { window.briefTimes.key = performance.now(); });
  new MutationObserver(() => {
    if (result.dataset.answered === q && !window.briefTimes.answered) window.briefTimes.answered = performance.now();
  }).observe(result, {attributes: true, attributeFilter: ['data-answered']});
}"""


def _typed(page: object, server: Server, query: str) -> tuple[float, int]:
    """`query` typed into the focused box: seconds to the first results, and the bytes fetched since the
    server's count was last reset."""
    started = time.perf_counter()
    page.keyboard.type(query)
    page.wait_for_function(RESULTS, timeout=SEARCH_TIMEOUT * 1000, polling="raf")
    return time.perf_counter() - started, server.bytes_sent


def paced(browser: object, server: Server, path: str, query: str) -> float | None:
    """Seconds from the last key to the first results when `query` is typed at a reader's pace just after
    the page loaded (the engine loads while the reader types), timed in the page; brief's script marks
    the question it answers. None with Material's search, which marks nothing."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(server.url + path, wait_until="load", timeout=HOME_TIMEOUT * 1000)
    page.evaluate(WATCH, query)
    page.locator("input.md-search__input").click()
    page.keyboard.type(query, delay=KEY_DELAY)
    try:
        page.wait_for_function("() => window.briefTimes.answered", timeout=SEARCH_TIMEOUT * 1000, polling="raf")
        times = page.evaluate("() => window.briefTimes")
        seconds: float | None = (times["answered"] - times["key"]) / 1000
    except Exception:  # noqa: BLE001 (playwright's TimeoutError)
        seconds = None
    context.close()
    return seconds


def measure(site: Path, *, query: str, second: str, path: str = "sources/", runs: int = 3) -> dict:
    """Home page load once, search `runs` times in fresh browser contexts (nothing cached)."""
    from playwright.sync_api import sync_playwright

    server = Server(site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
                                        args=ARGS)
            try:
                home = home_load(browser, server)
                searches = [search(browser, server, path, query, second) for _ in range(runs)]
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return {"home": home, "query": query, "second": second, "page": path, "runs": searches,
            "cold": statistics.median(s["cold"] for s in searches),
            "warm": statistics.median(s["warm"] for s in searches),
            "bytes": statistics.median(s["bytes"] for s in searches),
            "warm_bytes": statistics.median(s["warm_bytes"] for s in searches),
            "paced": statistics.median(s["paced"] for s in searches) if all(s["paced"] is not None for s in searches) else None,
            "first_result": searches[0]["first_result"]}
