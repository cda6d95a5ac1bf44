"""Feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the whole brief and for every entity.

One `Feed` per subject (the brief, or a country, actor or source) and one loop over the
terms; the three formats are three renderings of the same `Feed`. Ids come from slugs and
dates from the editions that published the notes (never the event's date, the clock or git), so
the same content gives the same bytes and a reader never sees an edited note as a new one.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import functools
import html
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from . import paths
from .config import CONFIG, SUGGESTED_URL, Project
from .dates import PartialDate
from .editions import NEW, REVISED, REWORDED, WITHDRAWN, Changes, JudgementChange
from .index import Index
from .model import Judgement, Note, SiteConfig, Term, counted, kind_of
from .problems import BriefError, Problem
from .memo import Memo, kept
from .render import Renderer
from .sanitize import clean_html, display_title, is_web_address
from .write import Files, Output

# Part of every id (RFC 4151 tag URIs). Fixed on purpose: changing it makes every reader
# show every note as new.
TAG_DATE = "2023"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
# Characters XML 1.0 forbids even as references: a stray control character would break the feed.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_HREF = re.compile(r'href="([^"]*)"')


@kept
@dataclass(frozen=True, slots=True)
class Category:
    """A country, actor or tag a note is filed under; `scheme` is the index page of its kind."""

    term: str
    scheme: str = ""


@kept
@dataclass(frozen=True, slots=True)
class Entry:
    """One note as a feed item, every value ready for any of the three formats."""

    id: str
    title: str
    link: str
    published: dt.datetime  # the first edition that held it, never the event's date
    updated: dt.datetime  # the latest edition that changed it (its first when it never changed)
    summary: str  # plain text, angle brackets made harmless: some readers render it as HTML
    summary_html: str
    content_html: str
    categories: tuple[Category, ...]


@dataclass(frozen=True, slots=True)
class Feed:
    """One subject's feed: the brief, or one country, actor or source."""

    id: str
    title: str
    description: str
    link: str  # the page the feed follows
    urls: dict  # format -> absolute feed URL
    language: str
    author: str
    updated: dt.datetime
    entries: tuple[Entry, ...]


class _AbsoluteRenderer(Renderer):
    """The site's renderer with absolute links: feed readers have no page to resolve against."""

    def link(self, here: str) -> Callable[..., str]:
        def to(target: str, fragment: str = "") -> str:
            return absolute(self.project.site, target, self.dir_urls) + (f"#{fragment}" if fragment else "")
        return to


def absolute(site: SiteConfig, docs_path: str, directory_urls: bool = True) -> str:
    """The absolute URL of a docs path on the published site."""
    return site.url + paths.url(docs_path, directory_urls)


def tag_uri(site: SiteConfig, specific: str) -> str:
    """A permanent id: `tag:brief.example.org,2023:notes/<slug>` (the site's path included)."""
    parts = urlsplit(site.url)
    prefix = parts.path.strip("/")
    return f"tag:{parts.hostname},{TAG_DATE}:{prefix + '/' if prefix else ''}{specific}"


def midnight(date: PartialDate | None) -> dt.datetime:
    """A day as UTC midnight (feeds want a time); no date at all is the epoch."""
    return dt.datetime.combine(date.first_day(), dt.time(), tzinfo=dt.timezone.utc) if date else EPOCH


def publication_order(index: Index) -> dict[str, int]:
    """Slug -> place in the feeds: latest published change first, then latest first publication,
    then newest event. Dates come from the editions (editions.History), never from the event."""
    history = index.history

    def key(note: Note) -> tuple:
        return (history.updated(note).sort_key, history.published(note).sort_key, note.sort_key)
    return {note.slug: place for place, note in enumerate(sorted(index.notes, key=key, reverse=True))}


def rfc822(value: dt.datetime) -> str:
    return email.utils.format_datetime(value, usegmt=True)


def rfc3339(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def _absolute_links(fragment: str, base: str) -> str:
    """Relative links an analyst wrote resolve against the note's page, as on the site."""
    return _HREF.sub(lambda m: f'href="{html.escape(urljoin(base, html.unescape(m.group(1))))}"', fragment)


_CATEGORIES = Memo()  # one Category per name and scheme, shared by every entry that has it (a large brief has 50,000)


def _categories(r: _AbsoluteRenderer, note: Note) -> tuple[Category, ...]:
    site, dir_urls = r.project.site, r.dir_urls

    def category(term: Term) -> Category:
        made = Category(display_title(term.name), absolute(site, paths.kind_index(term.kind), dir_urls))
        return _CATEGORIES.get(made, lambda: made)
    return tuple(category(t) for t in note.listed_terms)


def entry(r: _AbsoluteRenderer, note: Note) -> Entry:
    """A note as a feed entry: sanitized HTML with absolute links and its source citations."""
    here = paths.note(note)
    link = absolute(r.project.site, here, r.dir_urls)

    def fragment(template: str) -> str:
        return clean_html(_absolute_links(r.page(template, here, note=note), link)).strip()

    history = r.index.history
    return Entry(tag_uri(r.project.site, f"notes/{note.slug}"), display_title(note.title), link,
                 midnight(history.published(note)), midnight(history.updated(note)),
                 f"{note.date_text} ({note.precision}): {display_title(note.summary)}",
                 fragment("feeds/summary.html.j2"), fragment("feeds/entry.html.j2"), _categories(r, note))


JUDGEMENT_CATEGORY = "key judgement"
CHANGE_CATEGORY = "judgement change"


def judgement_entry(r: _AbsoluteRenderer, judgement: Judgement) -> Entry:
    """A key judgement as a feed item: its own permanent id, dated by the editions that published it."""
    here = paths.judgement(judgement)
    link = absolute(r.project.site, here, r.dir_urls)
    content = clean_html(_absolute_links(r.page("feeds/judgement.html.j2", here, j=judgement), link)).strip()
    words = f"{judgement.likelihood.capitalize()}, {judgement.confidence} confidence."
    summary = f"<p>{html.escape(words)} Rests on {counted(len(judgement.supports), 'note')}.</p>"
    history = r.index.history
    return Entry(tag_uri(r.project.site, f"judgements/{judgement.slug}"), f"Key judgement: {display_title(judgement.title)}",
                 link, midnight(history.published(judgement)), midnight(history.updated(judgement)),
                 f"{words} {display_title(judgement.title)}", summary, content, (Category(JUDGEMENT_CATEGORY),))


CHANGE_TITLES = {REVISED: "Judgement revised", REWORDED: "Judgement reworded", WITHDRAWN: "Judgement withdrawn"}


def change_entry(r: _AbsoluteRenderer, changes: Changes, change: JudgementChange) -> Entry:
    """A judgement change of one edition as a feed item, dated by that edition (a new judgement is
    its own item: judgement_entry)."""
    edition = changes.edition
    here = paths.edition(edition)
    link = absolute(r.project.site, here, r.dir_urls) + f"#judgement-{change.slug}"
    content = clean_html(_absolute_links(r.page("feeds/judgement-change.html.j2", here, change=change, changes=changes),
                                         link)).strip()
    when = midnight(edition.date)
    return Entry(tag_uri(r.project.site, f"judgements/{change.slug}/{edition.slug}"),
                 f"{CHANGE_TITLES[change.kind]}: {display_title(change.title)}", link, when, when,
                 f"{change.summary[0].upper()}{change.summary[1:]}. {display_title(change.title)}",
                 f"<p>{html.escape(change.summary)}.</p>", content, (Category(CHANGE_CATEGORY),))


def _with_judgements(r: _AbsoluteRenderer, index: Index, notes: tuple[Entry, ...], limit: int) -> tuple[Entry, ...]:
    """The brief's own feed: notes, key judgements and judgement changes together, latest published
    first (on a tie: changes, then judgements, then notes)."""
    history = index.history
    changes = [change_entry(r, edition, c) for edition in reversed(history.changes) for c in edition.judgements
               if c.kind != NEW]
    judgements = [judgement_entry(r, j) for j in index.judgements]
    return tuple(sorted([*changes, *judgements, *notes], key=lambda e: (e.updated, e.published), reverse=True)[:limit])


def feed(r: _AbsoluteRenderer, index: Index, term: Term | None, entries: tuple[Entry, ...]) -> Feed:
    """The feed of the brief (`term` None) or of one entity; updated is its latest entry's."""
    site = r.project.site
    brief = display_title(site.title)
    newest = max((e.updated for e in entries), default=midnight(index.history.fallback))
    if term is None:
        specific, title, description, page = paths.FEEDS, brief, site.description or brief, paths.home()
    else:
        name = display_title(term.name)
        specific, title, page = f"{paths.FEEDS}/{term.kind}/{term.slug}", f"{name} · {brief}", paths.term(term)
        description = f"Notes of the brief filed under the {kind_of(term.kind).singular} {name}, newest first."
    urls = {fmt: absolute(site, paths.feed(fmt, term)) for fmt in paths.FEED_FORMATS}
    return Feed(tag_uri(site, specific), title, description, absolute(site, page, r.dir_urls), urls,
                site.language, site.author or brief, newest, entries)


def _xml(template: str) -> Callable[[_AbsoluteRenderer, Feed], str]:
    def write(r: _AbsoluteRenderer, subject: Feed) -> str:
        return _NOT_XML.sub("", r.env.get_template(template).render(feed=subject))
    return write


def json_feed(r: _AbsoluteRenderer, subject: Feed) -> str:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""
    items = [{"id": e.id, "url": e.link, "title": e.title, "content_html": e.content_html, "summary": e.summary,
              "date_published": rfc3339(e.published), "date_modified": rfc3339(e.updated),
              "tags": [c.term for c in e.categories]} for e in subject.entries]
    data = {"version": JSON_FEED_VERSION, "title": subject.title, "home_page_url": subject.link,
            "feed_url": subject.urls["json"], "description": subject.description, "language": subject.language,
            "authors": [{"name": subject.author}], "items": items}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


WRITERS: dict[str, Callable[[_AbsoluteRenderer, Feed], str]] = {
    "rss": _xml("feeds/rss.xml.j2"),
    "atom": _xml("feeds/atom.xml.j2"),
    "json": json_feed,
}


_ENTRIES = Memo()  # each note as a feed entry, kept while `brief serve` runs


def feed_outputs(project: Project, index: Index) -> Iterator[Output]:
    """Every feed: the brief's and each country's, actor's and source's, in every format, with its key."""
    if not is_web_address(project.site.url):
        raise BriefError(Problem(CONFIG, 0, "site_url", "feeds need the site's absolute address; "
                                 f"set e.g. 'site_url: {SUGGESTED_URL}' in mkdocs.yml"))
    r = _AbsoluteRenderer(project, index)
    r.env.filters.update(rfc822=rfc822, rfc3339=rfc3339)
    limit = project.site.feed_items
    order = publication_order(index)
    history = index.history
    _ENTRIES.bound(2 * len(index.notes) + 100)
    _CATEGORIES.bound(4 * len(index.terms) + 100)
    folders: set[str] = set()
    for term in (None, *index.terms):
        notes = tuple(sorted(index.notes if term is None else index.notes_of(term), key=lambda n: order[n.slug])[:limit])
        dated = tuple((history.publication(n), history.published(n), history.updated(n)) for n in notes)

        def make(fmt: str, term: Term | None = term, notes: tuple[Note, ...] = notes, dated: tuple = dated) -> str:
            items = tuple(_ENTRIES.get((n, d, r.stamp), functools.partial(entry, r, n)) for n, d in zip(notes, dated))
            if term is None:
                items = _with_judgements(r, index, items, limit)
            return WRITERS[fmt](r, feed(r, index, term, items))

        for fmt in WRITERS:
            name = paths.feed(fmt, term)
            folders.add(name.rsplit("/", 1)[0])
            # an empty feed is dated by the brief; the brief's own holds the key judgements and their changes
            key = None if term is None else (fmt, term, notes, dated, None if notes else history.fallback, r.stamp)
            yield name, key, functools.partial(make, fmt)
    for folder in sorted(folders):
        yield f"{folder}/sitemap.xml", EMPTY_SITEMAP, functools.partial(str, EMPTY_SITEMAP)


def feed_files(project: Project, index: Index) -> Files:
    """Every feed file by its docs path."""
    return {name: make() for name, _key, make in feed_outputs(project, index)}


# Material fetches 'sitemap.xml' beside every <link rel="alternate"> (it expects language versions
# there); without one, every page load of a feed-advertising page logs a 404: each feed folder has one.
EMPTY_SITEMAP = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                 '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n')
