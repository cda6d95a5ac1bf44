"""The brief as data: events.csv and events.json (one row per note), judgements.json, and
timeline.json in TimelineJS's format, written into the site's data/ folder.

Rows come from the index alone, in a fixed order, so the same content gives the same bytes.
The README documents every column.
"""
from __future__ import annotations

import csv
import html
import io
import json

from . import estimative, grades, paths
from .config import Project
from .dates import PartialDate
from .index import Index
from .model import Note, SiteConfig
from .sanitize import display_title, safe_url
from .write import Files

# Spreadsheets run a cell that starts with one of these as a formula: such text gets a leading
# apostrophe in the CSV (OWASP's advice on CSV injection). JSON keeps the text as written.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
# The columns of events.csv and the keys of each events.json row, in order (README: "The brief as data").
COLUMNS = ("slug", "title", "date", "date_precision", "summary", "countries", "actors", "tags", "sources",
           "credibility", "grade", "independent_sources", "disputed", "first_published", "last_changed", "permalink")


def _permalink(site: SiteConfig, docs_path: str) -> str:
    return site.url + paths.url(docs_path)


def _iso(date: PartialDate | None) -> str:
    return date.iso() if date else ""


def _text(value: str) -> str:
    """User text as the feeds show it: angle brackets made harmless (‹ ›), so no reader that pastes
    a value into HTML opens a tag with it."""
    return display_title(value)


_URL_UNSAFE = str.maketrans({c: f"%{ord(c):02X}" for c in '<>"` '})


def _url(value: str) -> str:
    """An http(s) or mailto address, with the characters that could end an HTML attribute encoded."""
    return safe_url(value).translate(_URL_UNSAFE)


def event(index: Index, site: SiteConfig, note: Note) -> dict:
    """One note as a row: every value plain text, a number, a list or a mapping."""
    publication = index.history.publication(note)
    return {
        "slug": note.slug,
        "title": _text(note.title),
        "date": note.date.iso(),
        "date_precision": note.precision,
        "summary": _text(note.summary),
        "countries": [_text(t.name) for t in note.countries],
        "actors": [_text(t.name) for t in note.actors],
        "tags": [_text(t.name) for t in note.tags],
        "sources": [{"name": _text(ref.source.name), "url": _url(ref.url), "archived": _text(ref.archived),
                     "published": _iso(ref.published), "via": _text(ref.via.name) if ref.via else "",
                     "relays": _text(ref.relays.name) if ref.relays else "",
                     "reliability": ref.reliability or grades.UNGRADED_RELIABILITY} for ref in note.sources],
        "credibility": note.credibility or grades.UNGRADED_CREDIBILITY,
        "grade": note.grade,
        "independent_sources": len(note.independent_sources),
        "disputed": _text(note.disputed),
        "first_published": _iso(publication.first),
        "last_changed": _iso(publication.last),
        "permalink": _permalink(site, paths.note(note)),
    }


def _cell(value: object) -> str:
    if isinstance(value, list):
        value = "; ".join(_source_text(v) if isinstance(v, dict) else str(v) for v in value)
    text = str(value)
    return f"'{text}" if text.startswith(_FORMULA) else text


def _source_text(source: dict) -> str:
    """'Axios (B) https://…' in a CSV cell: the name, its reliability, then the address (or the archive item)."""
    where = source["url"] or source["archived"]
    via = f" via {source['via']}" if source["via"] else ""
    return f"{source['name']} ({source['reliability']}){via} {where}".strip()


def events_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_cell(row[column]) for column in COLUMNS])
    return out.getvalue()


def _dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def timeline_date(note: Note) -> dict:
    """A TimelineJS date: year, then month and day only when known; approximate dates say so."""
    date: dict = {"year": note.date.year, "month": note.date.month}
    if note.date.day is not None:
        date["day"] = note.date.day
    if note.precision == "approximate":
        date["display_date"] = note.date_text
    return date


def timeline(index: Index, site: SiteConfig) -> dict:
    """TimelineJS's JSON (https://timeline.knightlab.com/docs/json-format.html); headlines and
    text are HTML there, so every value is escaped."""
    events = []
    for note in sorted(index.notes, key=lambda n: n.sort_key):
        link = _permalink(site, paths.note(note))
        slide = {"start_date": timeline_date(note),
                 "text": {"headline": html.escape(note.title),
                          "text": f'<p>{html.escape(note.summary)}</p><p>Grade {note.grade}'
                                  f'{", single source" if note.single_source else ""}. '
                                  f'<a href="{html.escape(link)}">Read the note</a></p>'},
                 "unique_id": note.slug}
        if note.precision == "approximate":
            slide["display_date"] = note.date_text
        events.append(slide)
    return {"title": {"text": {"headline": html.escape(site.title), "text": f"<p>{html.escape(site.description)}</p>"}},
            "events": events}


def judgements(index: Index, site: SiteConfig) -> list[dict]:
    """Every key judgement with its likelihood and confidence, and as each edition recorded them."""
    history = index.history
    rows = []
    for judgement in index.judgements:
        publication = history.publication(judgement)
        rows.append({
            "slug": judgement.slug,
            "title": _text(judgement.title),
            "likelihood": judgement.likelihood,
            "probability": estimative.probability(judgement.likelihood),
            "confidence": judgement.confidence,
            "date": judgement.date.iso(),
            "supports": [{"slug": n.slug, "grade": n.grade, "permalink": _permalink(site, paths.note(n))}
                         for n in judgement.supports],
            "first_published": _iso(publication.first),
            "last_changed": _iso(publication.last),
            "editions": [{"edition": e.slug, "likelihood": e.judgements[judgement.slug].likelihood,
                          "confidence": e.judgements[judgement.slug].confidence}
                         for e in history.editions if judgement.slug in e.judgements],
            "permalink": _permalink(site, paths.judgement(judgement)),
        })
    return rows


def data_files(project: Project, index: Index) -> Files:
    """OUTPUTS: data/events.csv, events.json, judgements.json and timeline.json."""
    site = project.site
    rows = [event(index, site, note) for note in index.notes]
    return {
        paths.data("events.csv"): events_csv(rows),
        paths.data("events.json"): _dumps(rows),
        paths.data("judgements.json"): _dumps(judgements(index, site)),
        paths.data("timeline.json"): _dumps(timeline(index, site)),
    }
