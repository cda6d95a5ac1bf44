"""RSS and Atom feeds (feedparser): one Article per entry, its HTML reduced to safe text.

A malformed feed (feedparser's `bozo`) is reported with feedparser's reason, and the
entries that could be read are still ingested. Documents, entries and entry counts are
capped, each cap with a warning.
"""
from __future__ import annotations

import contextlib
import http.client
import io
import socket
import threading
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

import feedparser

from ..dates import DateError, PartialDate, parse_published
from .model import MAX_DOCUMENT_BYTES, MAX_ENTRIES, MAX_ENTRY_CHARS, MAX_SUMMARY_CHARS, Article
from ..sanitize import html_paragraphs, is_web_address, safe_title, safe_url

TIMEOUT = 20  # seconds without a byte before a fetch gives up
DEADLINE = 60  # seconds for a whole fetch: connecting, redirects, headers and body


class FeedError(Exception):
    """A feed that cannot be fetched or holds nothing readable; the message says why."""


@dataclass(frozen=True, slots=True)
class FeedResult:
    """The entries of one feed and the warnings about it (malformed, capped)."""

    articles: tuple[Article, ...]
    warnings: tuple[str, ...]


def looks_like_feed(data: bytes) -> bool:
    head = data[:500].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf:rdf"))


def fetch(url: str, deadline: float | None = None) -> bytes:
    """A feed URL's bytes (http or https only), within one overall deadline and up to the document cap.

    A socket timeout bounds each read, not the whole answer: a server that sends a byte every
    few seconds would hold it forever. The download runs in a worker thread; when the deadline
    passes, its connection is shut down and the fetch fails with a message.
    """
    deadline = DEADLINE if deadline is None else deadline
    if not is_web_address(url):
        raise FeedError(f"'{url}' is not an http(s) address")
    watch = _Connections()
    outcome: dict[str, object] = {}

    def work() -> None:
        try:
            outcome["data"] = _download(url, watch, min(TIMEOUT, deadline))
        except (OSError, ValueError, http.client.HTTPException) as exc:
            outcome["error"] = exc

    worker = threading.Thread(target=work, name="brief-fetch", daemon=True)
    worker.start()
    worker.join(deadline)
    if worker.is_alive():
        watch.cut()
        worker.join(1)
        raise FeedError(f"cannot fetch {url}: no complete answer within {deadline:g} seconds (the limit for one fetch); "
                        "the server is slow or stalled: try again later, or save the feed and ingest the file")
    if "error" in outcome:
        exc = outcome["error"]
        raise FeedError(f"cannot fetch {url}: {getattr(exc, 'reason', exc)}")
    return outcome["data"]  # type: ignore[return-value]


def _download(url: str, watch: _Connections, timeout: float) -> bytes:
    """The answer's first MAX_DOCUMENT_BYTES + 1 bytes (read_feed warns when there were more)."""
    opener = urllib.request.build_opener(_TrackedHTTP(watch), _TrackedHTTPS(watch))
    request = urllib.request.Request(url, headers={"User-Agent": "brief-ingest/1 (+feedparser)"})
    chunks: list[bytes] = []
    size = 0
    with opener.open(request, timeout=timeout) as response:
        while size <= MAX_DOCUMENT_BYTES and not watch.cancelled:
            chunk = response.read1(min(65_536, MAX_DOCUMENT_BYTES + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    return b"".join(chunks)


class _Connections:
    """The connections a fetch opened (redirects open more), so another thread can cut them."""

    def __init__(self) -> None:
        self.opened: list[http.client.HTTPConnection] = []
        self.cancelled = False

    def track(self, connection_class: type) -> Callable[..., http.client.HTTPConnection]:
        def make(*args, **kwargs) -> http.client.HTTPConnection:
            connection = connection_class(*args, **kwargs)
            self.opened.append(connection)
            return connection
        return make

    def cut(self) -> None:
        """Wake the worker from a blocked read: shut the sockets down (close alone would not)."""
        self.cancelled = True
        for connection in self.opened:
            if connection.sock is not None:
                with contextlib.suppress(OSError):
                    connection.sock.shutdown(socket.SHUT_RDWR)


class _Tracked:
    """A urllib handler whose connections are recorded in a `_Connections`."""

    def __init__(self, watch: _Connections) -> None:
        super().__init__()
        self.watch = watch

    def do_open(self, http_class, req, **kwargs):  # noqa: ANN001, ANN201 (urllib's signature)
        return super().do_open(self.watch.track(http_class), req, **kwargs)  # type: ignore[misc]


class _TrackedHTTP(_Tracked, urllib.request.HTTPHandler):
    pass


class _TrackedHTTPS(_Tracked, urllib.request.HTTPSHandler):
    pass


def read_feed(data: bytes, origin: str) -> FeedResult:
    """Every entry of a feed document as an Article; FeedError when nothing can be read."""
    warnings: list[str] = []
    if len(data) > MAX_DOCUMENT_BYTES:
        data = data[:MAX_DOCUMENT_BYTES]
        warnings.append(f"the feed is larger than {MAX_DOCUMENT_BYTES:,} bytes; only its beginning was read")
    # A stream, never bytes: feedparser would take bytes that look like a path as a file to open.
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=False)
    if parsed.get("bozo"):
        reason = " ".join(str(parsed.get("bozo_exception", "unknown problem")).split())
        warnings.append(f"malformed feed (feedparser: {reason}); ingesting the {len(parsed.entries)} "
                        f"entr{'y' if len(parsed.entries) == 1 else 'ies'} that could be read")
    if not parsed.entries:
        raise FeedError("no entries could be read" + ("" if parsed.get("bozo") else "; is this an RSS or Atom feed?"))
    entries = parsed.entries
    if len(entries) > MAX_ENTRIES:
        warnings.append(f"the feed has {len(entries)} entries; only the first {MAX_ENTRIES} were read")
        entries = entries[:MAX_ENTRIES]
    feed = parsed.get("feed", {})
    outlet = safe_title(feed.get("title", ""))
    outlet_url = safe_url(feed.get("link", ""))
    articles = []
    for number, entry in enumerate(entries, start=1):
        article, capped, raw_date = _entry(entry, f"{origin}#{number}", outlet, outlet_url)
        if not article.paragraphs and not entry.get("title") and not article.url:
            warnings.append(f"entry {number} has no readable title, text or link; it was skipped")
            continue
        if raw_date and article.date is None:
            warnings.append(f"entry {number} ('{article.title[:60]}'): the date '{raw_date[:60]}' cannot be read; "
                            "its draft is undated and says why")
        if capped:
            warnings.append(f"entry {number} ('{article.title[:60]}') is longer than {MAX_ENTRY_CHARS:,} characters; it was cut")
        articles.append(article)
    return FeedResult(tuple(articles), tuple(warnings))


def _entry(entry: dict, origin: str, outlet: str, outlet_url: str) -> tuple[Article, bool, str]:
    """The entry as an Article, whether its text was capped, and its date as written ('' if none)."""
    content = entry.get("content") or []
    summary_html = entry.get("summary", "")
    body_html = content[0].get("value", "") if content else summary_html
    capped = len(body_html) > MAX_ENTRY_CHARS
    paragraphs = html_paragraphs(body_html[:MAX_ENTRY_CHARS])
    summary = " ".join(html_paragraphs(summary_html))
    if len(summary) > MAX_SUMMARY_CHARS:
        summary = summary[:MAX_SUMMARY_CHARS].rsplit(" ", 1)[0] + " …"
    date, published_at, undated = _date(entry)
    title = safe_title(entry.get("title", "")) or (paragraphs[0][:100] if paragraphs else "Untitled entry")
    notes = (f"the entry was cut to its first {MAX_ENTRY_CHARS:,} characters",) if capped else ()
    return Article(origin, title, tuple(paragraphs), date=date, undated=undated, published_at=published_at,
                   url=safe_url(entry.get("link", "")), guid=" ".join(str(entry.get("id", "")).split())[:500],
                   outlet=outlet, outlet_url=outlet_url, summary=summary if summary != " ".join(paragraphs) else "",
                   notes=notes), capped, " ".join(str(entry.get("published") or entry.get("updated") or "").split())


def _date(entry: dict) -> tuple[PartialDate | None, str, str]:
    """(date, full timestamp, why undated): the date as the feed states it, in the feed's own zone.

    Only the text is read (`dates.parse_published`): feedparser's own `published_parsed` turns
    '25:14' into the next day and 'xx' into the current month, so it is never a fallback.
    """
    raw = " ".join(str(entry.get("published") or entry.get("updated") or "").split())
    if not raw:
        return None, "", "the feed entry has no published or updated date; find the date on the linked page and write it"
    try:
        published = parse_published(raw)
    except DateError as exc:
        return None, "", (f"the entry's date '{raw[:60]}' cannot be read without guessing ({exc}); "
                          "write the date the entry was published")
    return published.date, published.moment.isoformat() if published.moment else "", ""
