"""WeasyPrint, boxed in: no network, no files, progress through a callback.

Kept apart from `pdf` so the benchmark can time WeasyPrint alone on the same HTML.
"""
from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable

from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

log = logging.getLogger(__name__)
PROGRESS_EVERY = 50  # pages between layout progress messages
_PAGE = re.compile(r"Step 5 - Creating layout - Page (\d+)$")


class RefusingFetcher(URLFetcher):
    """Fetches nothing but inline `data:` URLs: a note's <img src=http://…> makes no request."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"data"})
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict | None = None):  # type: ignore[override]
        if not url.startswith("data:"):
            self.refused.append(url)
            raise ValueError(f"the PDF fetches nothing from outside the document: refused {url[:80]}")
        return super().fetch(url, headers)


class _Progress(logging.Handler):
    """Turns WeasyPrint's progress log into a message every PROGRESS_EVERY laid-out pages."""

    def __init__(self, progress: Callable[[str], None]) -> None:
        super().__init__(logging.INFO)
        self.progress = progress
        self.started = time.perf_counter()
        self.highest = 0

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        elapsed = f"({time.perf_counter() - self.started:.0f}s)"
        if match := _PAGE.match(message):
            page = int(match.group(1))
            if page > self.highest and page % PROGRESS_EVERY == 0:
                self.progress(f"pdf: laid out {page} pages {elapsed}")
            self.highest = max(self.highest, page)
        elif "Repagination" in message:
            self.progress(f"pdf: laying out again the pages whose page numbers changed, {message.rsplit(' ', 1)[-1]} {elapsed}")
        elif message.startswith(("Step 3", "Step 4")):
            self.progress(f"pdf: {message.split(' - ', 1)[-1].lower()} {elapsed}")


def write_pdf(html: str, css: str, progress: Callable[[str], None] = log.info) -> tuple[bytes, int, dict[str, float]]:
    """PDF bytes, page count and the seconds spent laying out and writing."""
    fetcher = RefusingFetcher()
    handler = _Progress(progress)
    weasy_log = logging.getLogger("weasyprint.progress")
    old_level, old_propagate = weasy_log.level, weasy_log.propagate
    weasy_log.addHandler(handler)
    weasy_log.setLevel(logging.INFO)
    weasy_log.propagate = False  # its per-page lines are ours to summarize, not to print
    try:
        started = time.perf_counter()
        document = HTML(string=html, url_fetcher=fetcher).render(stylesheets=[CSS(string=css, url_fetcher=fetcher)])
        laid_out = time.perf_counter()
        progress(f"pdf: {len(document.pages)} pages laid out in {laid_out - started:.1f}s; writing the PDF")
        data = document.write_pdf(pdf_identifier=b"brief", uncompressed_pdf=False)
        written = time.perf_counter()
    finally:
        weasy_log.removeHandler(handler)
        weasy_log.setLevel(old_level)
        weasy_log.propagate = old_propagate
    for url in fetcher.refused:
        log.info("pdf: refused to fetch %s", url)
    return data, len(document.pages), {"layout": laid_out - started, "write": written - laid_out}
