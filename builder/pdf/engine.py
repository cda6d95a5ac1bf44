"""WeasyPrint, boxed in: no network, no files, progress through a callback.

Kept apart from `pdf` so the benchmark can time WeasyPrint alone on the same HTML.
"""
from __future__ import annotations

import functools
import gc
import logging
import re
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pydyf
from weasyprint import CSS, HTML
from weasyprint.html import UA, UA_COUNTER_STYLE, UA_STYLESHEET
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


# WeasyPrint's user-agent stylesheet gives every element six pseudo-elements through universal rules
# (`::marker { … }`, `::footnote-call { … }`, …), and WeasyPrint computes a style for each of them: for a
# 270-note edition, 140,000 styles and 170 MB that nothing draws. The brief's print documents draw markers
# only for list items and use no footnotes or notes (`float: footnote`, `position: note()`), so the sheet
# they are laid out with gives markers to `li` only and leaves the other five rules out; a print stylesheet
# that uses footnotes or notes gets WeasyPrint's own sheet. The PDF is the same, byte for byte. (The
# sheet's @counter-style rules are left out too: WeasyPrint's own parse put them in UA_COUNTER_STYLE.)
_UNIVERSAL = re.compile(r"^::(marker|footnote-call|footnote-marker|note-call|note-marker|note-callback) \{[^}]*\}", re.M)
_COUNTER_STYLE = re.compile(r"^@counter-style [^{]*\{[^}]*\}", re.M)


@functools.cache
def _lean_user_agent() -> CSS:
    def scoped(match: re.Match) -> str:
        return f"li{match.group(0)}" if match.group(1) == "marker" else ""
    return CSS(string=_COUNTER_STYLE.sub("", _UNIVERSAL.sub(scoped, UA)), counter_style=UA_COUNTER_STYLE)


def uses_notes(css: str) -> bool:
    """Whether a print stylesheet makes footnotes or notes (then WeasyPrint's own user-agent sheet is kept)."""
    return "footnote" in css or "note(" in css


class PrintHTML(HTML):
    """An HTML document laid out with the lean user-agent stylesheet (see `_UNIVERSAL`)."""

    def _ua_stylesheets(self, forms: bool = False) -> list[CSS]:
        return [_lean_user_agent() if sheet is UA_STYLESHEET else sheet for sheet in super()._ua_stylesheets(forms)]


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Layout makes millions of short-lived objects: the garbage collector, left as it is, spends a seventh
    of the time scanning them, and the index of the whole brief, with every collection of the oldest
    generation. While WeasyPrint works, what existed before is left out of collections and the youngest
    generation is collected 70 times less often (a few MB more at the peak)."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


class _Deflate:
    """zlib, but never above the default level: pydyf compresses every stream of the PDF at level 9, five times
    the time of level 6 (2 of the 8 seconds of writing a 256-page PDF) for streams 4% smaller."""

    def __getattr__(self, name: str):  # noqa: ANN204 (the rest of zlib, unchanged)
        return getattr(zlib, name)

    @staticmethod
    def compressobj(level: int = zlib.Z_DEFAULT_COMPRESSION, *args, **kwargs):  # noqa: ANN002, ANN003, ANN205
        return zlib.compressobj(min(level, 6), *args, **kwargs)


@contextmanager
def _default_deflate() -> Iterator[None]:
    """pydyf (WeasyPrint's PDF writer) compresses with `_Deflate` while the PDF is written."""
    module = pydyf.zlib
    pydyf.zlib = _Deflate()
    try:
        yield
    finally:
        pydyf.zlib = module


class _Progress(logging.Handler):
    """Turns WeasyPrint's progress log into a message every PROGRESS_EVERY laid-out pages."""

    def __init__(self, progress: Callable[[str], None]) -> None:
        super().__init__(logging.INFO)
        self.progress = progress
        self.started = time.perf_counter()
        self.highest = 0
        self.layouts = 0  # pages laid out, a page laid out again counted again

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        elapsed = f"({time.perf_counter() - self.started:.0f}s)"
        if match := _PAGE.match(message):
            self.layouts += 1
            page = int(match.group(1))
            if page > self.highest and page % PROGRESS_EVERY == 0:
                self.progress(f"pdf: laid out {page} pages {elapsed}")
            self.highest = max(self.highest, page)
        elif "Repagination" in message:
            self.progress(f"pdf: laying out again the pages whose page numbers changed, {message.rsplit(' ', 1)[-1]} {elapsed}")
        elif message.startswith(("Step 3", "Step 4")):
            self.progress(f"pdf: {message.split(' - ', 1)[-1].lower()} {elapsed}")


def write_pdf(html: str, css: str, progress: Callable[[str], None] = log.info) -> tuple[bytes, int, dict[str, float]]:
    """PDF bytes, page count, and the seconds spent laying out and writing with the page layouts it took
    (`layouts`: a page laid out again counts again)."""
    fetcher = RefusingFetcher()
    handler = _Progress(progress)
    weasy_log = logging.getLogger("weasyprint.progress")
    old_level, old_propagate = weasy_log.level, weasy_log.propagate
    weasy_log.addHandler(handler)
    weasy_log.setLevel(logging.INFO)
    weasy_log.propagate = False  # its per-page lines are ours to summarize, not to print
    try:
        started = time.perf_counter()
        with _fewer_collections():
            source = (HTML if uses_notes(css) else PrintHTML)(string=html, url_fetcher=fetcher)
            document = source.render(stylesheets=[CSS(string=css, url_fetcher=fetcher)])
            laid_out = time.perf_counter()
            progress(f"pdf: {len(document.pages)} pages laid out in {laid_out - started:.1f}s "
                     f"({handler.layouts} page layouts); writing the PDF")
            with _default_deflate():
                data = document.write_pdf(pdf_identifier=b"brief", uncompressed_pdf=False)
            written = time.perf_counter()
    finally:
        weasy_log.removeHandler(handler)
        weasy_log.setLevel(old_level)
        weasy_log.propagate = old_propagate
    for url in fetcher.refused:
        log.info("pdf: refused to fetch %s", url)
    return data, len(document.pages), {"layout": laid_out - started, "write": written - laid_out, "layouts": handler.layouts}
