"""Subscribed feeds: content/feeds.yml, polled cheaply by `brief ingest --feeds`.

    feeds:
      - url: https://shafaq.com/en/rss       # the feed's address
        source: Shafaq News                  # the registry source its entries belong to
        tags: [iraq, security]               # optional: given to every draft from it
        deadline: 20                         # optional: seconds for this feed (default 30)

Each poll is a conditional request: it sends the ETag and Last-Modified the server gave
last time (kept in build/ingest/feeds.json, safe to delete), so a server whose feed has not
changed answers 304 Not Modified with no body, and nothing is downloaded or created. The
body is read within the feed's deadline and the document cap, then parsed by feedparser
like any feed (read_feed). feedparser's own fetching is not used: it has neither.
"""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.client import HTTPException
from pathlib import Path

from ..frontmatter import Document, FrontMatterError, decode, parse_yaml
from ..problems import BriefError, Problem, Problems
from ..registry import Registry
from ..validate import FieldError, _Checker, string_list, text, url as address
from ..write import atomic_write
from .model import MAX_DOCUMENT_BYTES

FEEDS = Path("content") / "feeds.yml"
VALIDATORS = Path("build") / "ingest" / "feeds.json"
DEADLINE = 30.0  # seconds for one feed: connecting, waiting and reading
MAX_DEADLINE = 600.0
FEED_KEYS = ("url", "source", "tags", "deadline")
USER_AGENT = "brief-ingest/1 (+feedparser)"
ACCEPT = "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"


@dataclass(frozen=True, slots=True)
class Subscription:
    """One feed the brief follows."""

    url: str
    source: str  # the registry source's name
    tags: tuple[str, ...] = ()
    deadline: float = DEADLINE


@dataclass(frozen=True, slots=True)
class Validators:
    """What a server said identifies the version of a feed it sent."""

    etag: str = ""
    last_modified: str = ""


@dataclass(frozen=True, slots=True)
class Poll:
    """The answer to one conditional request."""

    status: str  # changed | unchanged | failed
    body: bytes = b""
    validators: Validators = Validators()
    reason: str = ""


# --- content/feeds.yml -------------------------------------------------------------------------

def read_subscriptions(root: Path, sources: Registry) -> tuple[list[Subscription], list[Problem]]:
    """The subscriptions and the warnings about them; BriefError listing every error."""
    path = root / FEEDS
    problems = Problems(root)
    try:
        data, lines = parse_yaml(decode(path.read_bytes()))
    except FileNotFoundError:
        raise BriefError([Problem(FEEDS.as_posix(), 0, "", "no such file; list the feeds to follow as "
                                  "'feeds:' with '- url: …' and 'source: …' entries (see the README)")]) from None
    except FrontMatterError as exc:
        raise BriefError([Problem(FEEDS.as_posix(), max(1, exc.line - 1), "", exc.message)]) from None
    lines = {keys: line - 1 for keys, line in lines.items()}  # parse_yaml counts a front matter's '---'
    if not isinstance(data, dict) or not isinstance(data.get("feeds"), list):
        raise BriefError([Problem(FEEDS.as_posix(), 1, "feeds", "expected a list 'feeds:' of entries "
                                  "with 'url:' and 'source:'; see the README")])
    checker = _Checker(Document(path, data, lines), problems)
    checker.unknown_keys(data, ("feeds",))
    subscriptions, seen = [], {}
    for index, entry in enumerate(data["feeds"]):
        item = _subscription(checker, entry, ("feeds", index), sources)
        if item is None:
            continue
        if item.url in seen:
            checker.error(("feeds", index, "url"), f"'{item.url}' is listed twice (also feeds[{seen[item.url]}]); "
                                                   "keep one entry")
            continue
        seen[item.url] = index
        subscriptions.append(item)
    if problems.errors:
        raise BriefError(problems.sorted())
    return subscriptions, problems.warnings


def _subscription(c: _Checker, entry: object, keys: tuple, sources: Registry) -> Subscription | None:
    if not isinstance(entry, dict):
        c.error(keys, "expected an entry with 'url:' and 'source:'")
        return None
    c.unknown_keys(entry, FEED_KEYS, keys)
    where = c.field(entry, keys + ("url",), address, required=True)
    name = c.field(entry, keys + ("source",), text, required=True)
    tags = c.field(entry, keys + ("tags",), string_list, default=[])
    deadline = c.field(entry, keys + ("deadline",), _seconds, default=DEADLINE)
    term = sources.get(name) if name else None
    if name and term is None:
        c.error(keys + ("source",), f"unknown source '{name}'.{sources.suggest(name)}")
    if not where or term is None:
        return None
    return Subscription(where, term.name, tuple(tags), deadline)


def _seconds(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= MAX_DEADLINE:
        raise FieldError(f"expected a number of seconds from 1 to {MAX_DEADLINE:.0f}, received '{value}'")
    return float(value)


# --- build/ingest/feeds.json -------------------------------------------------------------------

def read_validators(root: Path) -> dict[str, Validators]:
    """The validators from the last poll; none when the file is missing or damaged (all is fetched)."""
    try:
        data = json.loads((root / VALIDATORS).read_text(encoding="utf-8"))
        return {url: Validators(str(v.get("etag", "")), str(v.get("last_modified", ""))) for url, v in data.items()}
    except (OSError, ValueError, AttributeError):
        return {}


def write_validators(root: Path, validators: dict[str, Validators]) -> None:
    data = {url: {k: v for k, v in (("etag", x.etag), ("last_modified", x.last_modified)) if v}
            for url, x in sorted(validators.items()) if x.etag or x.last_modified}
    atomic_write(root / VALIDATORS, json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


# --- one conditional request -------------------------------------------------------------------

def _opener() -> urllib.request.OpenerDirector:
    """http and https only, redirects followed (to http or https only), no proxies from the environment."""
    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.HTTPHandler(), urllib.request.HTTPSHandler(), urllib.request.HTTPRedirectHandler(),
                    urllib.request.HTTPDefaultErrorHandler(), urllib.request.HTTPErrorProcessor()):
        opener.add_handler(handler)
    return opener


def poll(url: str, known: Validators, deadline: float = DEADLINE) -> Poll:
    """One conditional GET: 'unchanged' on 304, else the body (at most the document cap) within `deadline`."""
    headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT, "Accept-Encoding": "identity"}
    if known.etag:
        headers["If-None-Match"] = known.etag
    if known.last_modified:
        headers["If-Modified-Since"] = known.last_modified
    started = time.monotonic()
    try:
        with _opener().open(urllib.request.Request(url, headers=headers), timeout=deadline) as response:
            body = _read(response, started + deadline)
            if body is None:
                return Poll("failed", reason=f"no complete answer within the deadline of {deadline:g} s")
            return Poll("changed", body, Validators(_header(response, "ETag"), _header(response, "Last-Modified")))
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Poll("unchanged", validators=known)
        return Poll("failed", reason=f"the server answered {exc.code} {exc.reason}")
    except (urllib.error.URLError, OSError, HTTPException, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError) or "timed out" in str(reason):
            return Poll("failed", reason=f"no complete answer within the deadline of {deadline:g} s")
        return Poll("failed", reason=f"cannot fetch it: {reason}")


def _read(response, until: float) -> bytes | None:
    """The body, a chunk at a time, up to one byte past the document cap; None past the deadline.

    Each wait for data is bounded by the time left (the socket's timeout), so neither a
    stalled server nor one that sends a byte at a time holds a feed past its deadline.
    """
    chunks, size = [], 0
    sock = getattr(getattr(response.fp, "raw", None), "_sock", None)  # CPython's socket under the response
    while size <= MAX_DOCUMENT_BYTES:
        left = until - time.monotonic()
        if left <= 0:
            return None
        if sock is not None:
            sock.settimeout(left)
        chunk = response.read1(64 * 1024)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)[:MAX_DOCUMENT_BYTES + 1]


def _header(response, name: str) -> str:
    value = " ".join(str(response.headers.get(name, "")).split())
    return value if value.isprintable() and len(value) <= 500 else ""
