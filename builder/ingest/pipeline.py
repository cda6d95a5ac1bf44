"""`brief ingest`: raw articles and feeds become draft notes in content/inbox/.

read (text file, saved web page, feed file, or an address: article page or feed) →
clean and date (text, web, feed) →
skip exact repeats (URL, GUID or content hash) → find registry names (entities) →
flag near-duplicates (dedupe) → write the draft with `create_new`, which never
replaces a file and never leaves a partial one.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..frontmatter import Document, FrontMatterError, decode
from .dedupe import NEAR, Corpus, Known, content_hash, signatures_cache, url_key, words_of
from .draft import attribute, render
from .entities import Matcher, find
from .feed import FeedError, fetch, looks_like_feed, read_feed
from .model import MAX_DOCUMENT_BYTES, MAX_TEXT_BYTES, Article
from .subscriptions import Subscription, Validators, poll, read_subscriptions, read_validators, write_validators
from .text import read_article
from ..content import Checked, check
from .web import PageError, looks_like_page, read_page
from ..registry import Registry
from ..sanitize import is_web_address
from ..slugs import title_slug
from ..write import create_new

log = logging.getLogger(__name__)

FEED_SUFFIXES = {".xml", ".rss", ".atom", ".rdf", ".feed"}
TEXT_SUFFIXES = {".txt", ".text", ".md"}
PAGE_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
MAX_SLUG = 60


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one article or entry."""

    origin: str
    status: str  # created | duplicate | failed
    path: str = ""  # the draft written, or the note/draft it repeats
    reason: str = ""
    near: str = ""  # the note or draft it resembles
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class FeedOutcome:
    """What one poll of a subscribed feed did."""

    url: str
    source: str
    status: str  # polled | unchanged | failed
    created: int = 0
    seen: int = 0  # entries already ingested (by link, id or content)
    failed: int = 0
    received: int = 0  # bytes downloaded
    reason: str = ""

    def __str__(self) -> str:
        where = f"feed {self.url} ({self.source})"
        if self.status == "unchanged":
            return f"{where}: not modified since the last poll; nothing downloaded"
        if self.status == "failed":
            return f"{where}: failed: {self.reason}"
        failed = f", {self.failed} failed" if self.failed else ""
        return f"{where}: {self.created} new, {self.seen} skipped as seen{failed} ({self.received:,} bytes)"


@dataclass(frozen=True, slots=True)
class Step:
    """Progress: the input being read (done == '') or what became of it, and the counts so far."""

    number: int
    total: int
    item: str
    done: str = ""
    created: int = 0
    duplicates: int = 0
    failed: int = 0

    def __str__(self) -> str:
        return f"[{self.number}/{self.total}] {self.item}: {self.done}"


@dataclass
class Report:
    """Every outcome and warning of one ingest run, and the summary line."""

    outcomes: list[Outcome] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    feeds: list[FeedOutcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def flagged(self) -> int:
        return sum(o.status == "created" and bool(o.near) for o in self.outcomes)

    def summary(self) -> str:
        feeds = "" if not self.feeds else "; feeds: " + ", ".join(
            f"{sum(f.status == s for f in self.feeds)} {s}" for s in ("polled", "unchanged", "failed"))
        return (f"ingest: {self.count('created')} created, {self.count('duplicate')} skipped as duplicates, "
                f"{self.flagged} flagged as near-duplicates, {self.count('failed')} failed{feeds}")

    def step(self, number: int, total: int, item: str, done: str = "") -> Step:
        return Step(number, total, item, done, self.count("created"), self.count("duplicate"),
                    self.count("failed") + sum(f.status == "failed" for f in self.feeds))


class Inbox:
    """The project's notes and drafts as dedupe and slugs see them, updated as drafts are written."""

    def __init__(self, checked: Checked) -> None:
        self.root = checked.project.root
        self.folder = checked.project.inbox_dir
        self.registries: dict[str, Registry] = checked.registries
        self.matcher = Matcher(self.registries)
        self.corpus = Corpus(signatures=signatures_cache(self.root))
        self.slugs: set[str] = set()
        # Every file read, valid or not: an undated draft must still stop the same article twice.
        for doc in (*checked.raw.notes, *checked.raw.drafts):
            self.corpus.add(known(doc, checked.project.rel(doc.path)))
            self.slugs.add(doc.path.stem)

    def free_slug(self, title: str, key: str) -> str:
        """The title's slug (or a hash of `key` for a script without an ASCII form), numbered if taken."""
        base = title_slug(title, key, MAX_SLUG)
        slug, number = base, 1
        while slug in self.slugs or (self.folder / f"{slug}.md").exists():
            number += 1
            slug = f"{base}-{number}"
        return slug


def known(doc: Document, path: str) -> Known:
    """A note or draft's dedupe keys (its ingest keys and cited URLs) and words."""
    keys: set[str] = set()
    meta = doc.meta
    ingest = meta.get("ingest") if isinstance(meta.get("ingest"), dict) else {}
    for name in ("url", "guid", "hash"):
        if isinstance(ingest.get(name), str) and ingest[name]:
            keys.add(ingest[name])
    for source in meta.get("sources") or []:
        if isinstance(source, dict) and isinstance(source.get("url"), str) and url_key(source["url"]):
            keys.add("url:" + url_key(source["url"]))
    return Known(path, doc.path.stem, frozenset(keys), words_of(f"{meta.get('title', '')}\n{doc.body}"))


def article_keys(article: Article) -> dict[str, str]:
    """The dedupe keys written into a draft: URL and GUID when known, and always the content hash."""
    keys = {}
    if article.url and url_key(article.url):
        keys["url"] = "url:" + url_key(article.url)
    if article.guid:
        keys["guid"] = "guid:" + article.guid
    keys["hash"] = content_hash(article.text or article.title)
    return keys


def _log(step: Step) -> None:
    if step.done:
        log.info("%s", step)


def ingest(root: Path, inputs: list[str], progress: Callable[[Step], None] = _log, *,
           feeds: bool = False) -> Report:
    """Turn every input (and with `feeds`, every subscribed feed) into drafts in content/inbox/.

    Never overwrites, never writes twice; `progress` hears of each input as it starts and
    when it is done.
    """
    inbox = Inbox(check(root))
    report = Report()
    sources = [s for given in inputs for s in _expand(given)]
    subscriptions: list[Subscription] = []
    if feeds:
        subscriptions, warnings = read_subscriptions(root, inbox.registries["sources"])
        report.warnings += [str(w) for w in warnings]
    total = len(sources) + len(subscriptions)
    for number, source in enumerate(sources, start=1):
        progress(report.step(number, total, source))
        before = len(report.outcomes)
        for item in _articles(source, report):
            report.outcomes.append(item if isinstance(item, Outcome) else add(inbox, item))
        progress(report.step(number, total, source, _counts(report.outcomes[before:])))
    if subscriptions:
        _poll_all(inbox, report, subscriptions, len(sources), total, progress)
    inbox.corpus.save()
    return report


def _counts(done: list[Outcome]) -> str:
    return ", ".join(f"{sum(o.status == s for o in done)} {s}" for s in ("created", "duplicate", "failed")
                     if any(o.status == s for o in done)) or "nothing to ingest"


def _poll_all(inbox: Inbox, report: Report, subscriptions: list[Subscription], offset: int, total: int,
              progress: Callable[[Step], None]) -> None:
    """Every subscribed feed once; the validators of those that answered are kept for the next poll."""
    known = read_validators(inbox.root)
    kept: dict[str, Validators] = {}
    for number, subscription in enumerate(subscriptions, start=offset + 1):
        progress(report.step(number, total, subscription.url))
        outcome, validators = _poll_one(inbox, report, subscription, known.get(subscription.url, Validators()))
        report.feeds.append(outcome)
        kept[subscription.url] = validators
        progress(report.step(number, total, subscription.url, str(outcome).split(": ", 1)[1]))
    write_validators(inbox.root, kept)


def _poll_one(inbox: Inbox, report: Report, sub: Subscription, known: Validators) -> tuple[FeedOutcome, Validators]:
    answer = poll(sub.url, known, sub.deadline)
    if answer.status != "changed":
        return FeedOutcome(sub.url, sub.source, answer.status, reason=answer.reason), known
    try:
        result = read_feed(answer.body, sub.url)
    except FeedError as exc:
        return FeedOutcome(sub.url, sub.source, "failed", reason=str(exc), received=len(answer.body)), known
    report.warnings += [f"{sub.url}: {w}" for w in result.warnings]
    done = [add(inbox, replace(a, outlet=sub.source, tags=sub.tags)) for a in result.articles]
    report.outcomes += done
    return FeedOutcome(sub.url, sub.source, "polled", sum(o.status == "created" for o in done),
                       sum(o.status == "duplicate" for o in done), sum(o.status == "failed" for o in done),
                       len(answer.body)), answer.validators


def _expand(given: str) -> list[str]:
    """A folder stands for the articles and feeds in it, in name order."""
    path = Path(given)
    if is_web_address(given) or not path.is_dir():
        return [given]
    return [str(p) for p in sorted(path.iterdir())
            if p.is_file() and p.suffix.lower() in FEED_SUFFIXES | TEXT_SUFFIXES | PAGE_SUFFIXES]


def _articles(source: str, report: Report) -> Iterator[Article | Outcome]:
    """The articles of one input: a text file, a saved page, a feed file, or an address (page or feed)."""
    if is_web_address(source):
        try:
            data = fetch(source)
            yield from _feed(data, source, report) if looks_like_feed(data) else _page(data, source, source, source, report)
        except FeedError as exc:
            yield Outcome(source, "failed", reason=str(exc))
        return
    path = Path(source)
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            data = handle.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as exc:
        yield Outcome(source, "failed", reason=f"cannot read the file: {exc.strerror}")
        return
    if path.suffix.lower() in FEED_SUFFIXES or looks_like_feed(data):
        try:
            yield from _feed(data, path.name, report)
        except FeedError as exc:
            yield Outcome(source, "failed", reason=str(exc))
        return
    if path.suffix.lower() in PAGE_SUFFIXES or looks_like_page(data):
        yield from _page(data, path.name, source, "", report)
        return
    yield from _text(data, max(size, len(data)), path.name, source)


def _page(data: bytes, origin: str, source: str, address: str, report: Report) -> Iterator[Article | Outcome]:
    if len(data) > MAX_DOCUMENT_BYTES:
        data = data[:MAX_DOCUMENT_BYTES]
        report.warnings.append(f"{source}: larger than {MAX_DOCUMENT_BYTES:,} bytes; only its beginning was read")
    try:
        yield read_page(data, origin, address)
    except PageError as exc:
        yield Outcome(source, "failed", reason=str(exc))


def _feed(data: bytes, origin: str, report: Report) -> Iterator[Article]:
    result = read_feed(data, origin)
    report.warnings += [f"{origin}: {w}" for w in result.warnings]
    yield from result.articles


def _text(data: bytes, size: int, origin: str, source: str) -> Iterator[Article | Outcome]:
    if size > MAX_TEXT_BYTES:  # one limit, the one every content file has: nothing is half-read
        yield Outcome(source, "failed", reason=f"is {size:,} bytes; the limit for a saved article is {MAX_TEXT_BYTES:,} "
                                               "bytes: save only the article's text")
        return
    try:
        text = decode(data)
    except FrontMatterError as exc:
        yield Outcome(source, "failed", reason=f"line {exc.line}: {exc.message}")
        return
    article = read_article(text, origin)
    if not article.paragraphs:
        yield Outcome(source, "failed", reason="no article text is left after removing page furniture")
        return
    yield article


def add(inbox: Inbox, article: Article) -> Outcome:
    """One article: skipped when known, else written as a new draft (flagged when it resembles one)."""
    keys = article_keys(article)
    same = inbox.corpus.duplicate(set(keys.values()))
    if same is not None:
        return Outcome(article.origin, "duplicate", same.path, reason=f"already ingested as {same.path}")
    words = words_of(f"{article.title}\n{article.text}")
    nearest, score = inbox.corpus.nearest(words)
    near = (nearest.path, score) if nearest is not None and score >= NEAR else None
    found = find(f"{article.title}\n\n{article.text}", inbox.registries, inbox.matcher)
    who = attribute(article, found, inbox.registries["sources"])
    text = render(article, found, who, keys, near)
    while True:
        slug = inbox.free_slug(article.title, keys["hash"])
        target = inbox.folder / f"{slug}.md"
        try:
            if create_new(target, text):
                break
        except OSError as exc:
            return Outcome(article.origin, "failed", reason=f"cannot write {target.name}: {exc.strerror}")
        inbox.slugs.add(slug)  # taken meanwhile by someone else: never overwrite, pick another name
    rel = target.relative_to(inbox.root).as_posix()
    inbox.slugs.add(slug)
    inbox.corpus.add(Known(rel, slug, frozenset(keys.values()), words))
    return Outcome(article.origin, "created", rel, near=near[0] if near else "", score=near[1] if near else 0.0)
