"""`brief ingest`: raw articles and feeds become draft notes in content/inbox/.

read (text file, feed file or feed URL) → clean and date (text, feed) →
skip exact repeats (URL, GUID or content hash) → find registry names (entities) →
flag near-duplicates (dedupe) → write the draft with `create_new`, which never
replaces a file and never leaves a partial one.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..frontmatter import Document, FrontMatterError, decode
from .dedupe import NEAR, Corpus, Known, content_hash, url_key, words_of
from .draft import attribute, render
from .entities import Matcher, find
from .feed import FeedError, fetch, looks_like_feed, read_feed
from .model import MAX_DOCUMENT_BYTES, MAX_TEXT_BYTES, Article
from .text import read_article
from ..load import Raw, load
from ..problems import Problems
from ..registry import Registry
from ..slugs import title_slug
from ..validate import check_registry
from ..write import create_new

log = logging.getLogger(__name__)

INBOX = "inbox"
FEED_SUFFIXES = {".xml", ".rss", ".atom", ".rdf", ".feed"}
TEXT_SUFFIXES = {".txt", ".text", ".md"}
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


@dataclass
class Report:
    """Every outcome and warning of one ingest run, and the summary line."""

    outcomes: list[Outcome] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def flagged(self) -> int:
        return sum(o.status == "created" and bool(o.near) for o in self.outcomes)

    def summary(self) -> str:
        return (f"ingest: {self.count('created')} created, {self.count('duplicate')} skipped as duplicates, "
                f"{self.flagged} flagged as near-duplicates, {self.count('failed')} failed")


class Inbox:
    """The project's notes and drafts as dedupe and slugs see them, updated as drafts are written."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = root / "content" / INBOX
        problems = Problems(root)
        raw = load(root / "content", problems)
        self.registries: dict[str, Registry] = check_registry(raw, problems)
        self.matcher = Matcher(self.registries)
        self.corpus = Corpus()
        self.slugs: set[str] = set()
        for doc in (*raw.notes, *raw.drafts):
            self.corpus.add(known(doc, problems.rel(doc.path)))
            self.slugs.add(doc.path.stem)
        self.raw: Raw = raw

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


def ingest(root: Path, inputs: list[str], progress: Callable[[str], None] = log.info) -> Report:
    """Turn every input into drafts in content/inbox/; never overwrites, never writes twice."""
    inbox = Inbox(root)
    report = Report()
    sources = [s for given in inputs for s in _expand(given)]
    for number, source in enumerate(sources, start=1):
        before = len(report.outcomes)
        for item in _articles(source, report):
            report.outcomes.append(item if isinstance(item, Outcome) else add(inbox, item))
        done = report.outcomes[before:]
        progress(f"[{number}/{len(sources)}] {source}: " + ", ".join(
            f"{sum(o.status == s for o in done)} {s}" for s in ("created", "duplicate", "failed") if any(o.status == s for o in done)))
    return report


def _expand(given: str) -> list[str]:
    """A folder stands for the articles and feeds in it, in name order."""
    path = Path(given)
    if given.startswith(("http://", "https://")) or not path.is_dir():
        return [given]
    return [str(p) for p in sorted(path.iterdir()) if p.is_file() and p.suffix.lower() in FEED_SUFFIXES | TEXT_SUFFIXES]


def _articles(source: str, report: Report) -> Iterator[Article | Outcome]:
    """The articles of one input: a text file, a feed file or a feed URL."""
    if source.startswith(("http://", "https://")):
        try:
            yield from _feed(fetch(source), source, report)
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
    yield from _text(data, max(size, len(data)), path.name, source)


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
