"""Feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the whole brief and for every entity.

One `Feed` per subject (the brief, or a country, actor or source) and one loop over the
terms; the three formats are three renderings of the same `Feed`. Ids come from slugs and
dates from the notes, never from the clock or git, so the same content gives the same bytes
and a reader never sees an edited note as a new one.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from . import paths
from .config import CONFIG, Project
from .index import Index
from .model import Note, SiteConfig, Term, kind_of
from .problems import BriefError, Problem
from .render import Renderer
from .sanitize import clean_html, display_title, is_web_address
from .write import Files

# Part of every id (RFC 4151 tag URIs). Fixed on purpose: changing it makes every reader
# show every note as new.
TAG_DATE = "2023"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
# Characters XML 1.0 forbids even as references: a stray control character would break the feed.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_HREF = re.compile(r'href="([^"]*)"')


@dataclass(frozen=True, slots=True)
class Category:
    """A country, actor or tag a note is filed under; `scheme` is the index page of its kind."""

    term: str
    scheme: str = ""


@dataclass(frozen=True, slots=True)
class Entry:
    """One note as a feed item, every value ready for any of the three formats."""

    id: str
    title: str
    link: str
    date: dt.datetime
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


def note_time(note: Note) -> dt.datetime:
    """The note's date as a UTC midnight; a month-precision note falls on the first of the month."""
    return dt.datetime.combine(note.date.first_day(), dt.time(), tzinfo=dt.timezone.utc)


def rfc822(value: dt.datetime) -> str:
    return email.utils.format_datetime(value, usegmt=True)


def rfc3339(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def _absolute_links(fragment: str, base: str) -> str:
    """Relative links an analyst wrote resolve against the note's page, as on the site."""
    return _HREF.sub(lambda m: f'href="{html.escape(urljoin(base, html.unescape(m.group(1))))}"', fragment)


def _categories(r: _AbsoluteRenderer, note: Note) -> tuple[Category, ...]:
    site, dir_urls = r.project.site, r.dir_urls
    return tuple(Category(display_title(t.name), absolute(site, paths.kind_index(t.kind), dir_urls))
                 for t in note.listed_terms)


def entry(r: _AbsoluteRenderer, note: Note) -> Entry:
    """A note as a feed entry: sanitized HTML with absolute links and its source citations."""
    here = paths.note(note)
    link = absolute(r.project.site, here, r.dir_urls)

    def fragment(template: str) -> str:
        return clean_html(_absolute_links(r.page(template, here, note=note), link)).strip()

    return Entry(tag_uri(r.project.site, f"notes/{note.slug}"), display_title(note.title), link, note_time(note),
                 display_title(note.summary), fragment("feeds/summary.html.j2"), fragment("feeds/entry.html.j2"), _categories(r, note))


def feed(r: _AbsoluteRenderer, index: Index, term: Term | None, entries: tuple[Entry, ...]) -> Feed:
    """The feed of the brief (`term` None) or of one entity; updated is its newest note's date."""
    site = r.project.site
    brief = display_title(site.title)
    newest = entries[0].date if entries else (note_time(index.notes[0]) if index.notes else EPOCH)
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
              "date_published": rfc3339(e.date), "tags": [c.term for c in e.categories]} for e in subject.entries]
    data = {"version": JSON_FEED_VERSION, "title": subject.title, "home_page_url": subject.link,
            "feed_url": subject.urls["json"], "description": subject.description, "language": subject.language,
            "authors": [{"name": subject.author}], "items": items}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


WRITERS: dict[str, Callable[[_AbsoluteRenderer, Feed], str]] = {
    "rss": _xml("feeds/rss.xml.j2"),
    "atom": _xml("feeds/atom.xml.j2"),
    "json": json_feed,
}


def feed_files(project: Project, index: Index) -> Files:
    """Every feed: the brief's and each country's, actor's and source's, in every format."""
    if not is_web_address(project.site.url):
        raise BriefError(Problem(CONFIG, 0, "site_url", "feeds need the site's absolute address; "
                                 "set e.g. 'site_url: https://brief.example.org/' in mkdocs.yml"))
    r = _AbsoluteRenderer(project, index)
    r.env.filters.update(rfc822=rfc822, rfc3339=rfc3339)
    limit = project.site.feed_items
    entries: dict[str, Entry] = {}  # each note rendered once, however many feeds carry it
    files: Files = {}
    for term in (None, *index.terms):
        notes = (index.notes if term is None else index.notes_of(term))[:limit]
        for note in notes:
            if note.slug not in entries:
                entries[note.slug] = entry(r, note)
        subject = feed(r, index, term, tuple(entries[n.slug] for n in notes))
        for fmt, write in WRITERS.items():
            files[paths.feed(fmt, term)] = write(r, subject)
    files.update(_empty_sitemaps(files))
    return files


EMPTY_SITEMAP = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                 '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n')


def _empty_sitemaps(files: Files) -> Files:
    """Material fetches 'sitemap.xml' beside every <link rel="alternate"> (it expects language
    versions there); without one, every page load of a feed-advertising page logs a 404."""
    folders = sorted({name.rsplit("/", 1)[0] for name in files})
    return {f"{folder}/sitemap.xml": EMPTY_SITEMAP for folder in folders}

