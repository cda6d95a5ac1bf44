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
from .memo import Memo
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


def _csv_line(values: list | tuple) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(values)  # RFC 4180
    return out.getvalue()


def _csv_row(row: dict) -> str:
    return _csv_line([_cell(row[column]) for column in COLUMNS])


def events_csv(rows: list[dict]) -> str:
    return _csv_line(COLUMNS) + "".join(_csv_row(row) for row in rows)


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1)


def _dumps(data: object) -> str:
    return _json(data) + "\n"


def timeline_date(note: Note) -> dict:
    """A TimelineJS date: year, then month and day only when known; approximate dates say so."""
    date: dict = {"year": note.date.year, "month": note.date.month}
    if note.date.day is not None:
        date["day"] = note.date.day
    if note.precision == "approximate":
        date["display_date"] = note.date_text
    return date


def slide(site: SiteConfig, note: Note) -> dict:
    """One note as a TimelineJS event; headlines and text are HTML there, so every value is escaped."""
    link = _permalink(site, paths.note(note))
    event = {"start_date": timeline_date(note),
             "text": {"headline": html.escape(note.title),
                      "text": f'<p>{html.escape(note.summary)}</p><p>Grade {note.grade}'
                              f'{", single source" if note.single_source else ""}. '
                              f'<a href="{html.escape(link)}">Read the note</a></p>'},
             "unique_id": note.slug}
    if note.precision == "approximate":
        event["display_date"] = note.date_text
    return event


def timeline(index: Index, site: SiteConfig) -> dict:
    """TimelineJS's JSON (https://timeline.knightlab.com/docs/json-format.html)."""
    return {"title": _timeline_title(site), "events": [slide(site, n) for n in sorted(index.notes, key=lambda n: n.sort_key)]}


def _timeline_title(site: SiteConfig) -> dict:
    return {"text": {"headline": html.escape(site.title), "text": f"<p>{html.escape(site.description)}</p>"}}


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


# Each note's row, as a CSV line, an events.json item and a timeline.json event, kept while `brief
# serve` runs: an edit serializes again only the notes it changed (the files are joined from these).
_ROWS = Memo()


def _note_parts(index: Index, site: SiteConfig, note: Note) -> tuple[str, str, str]:
    def make() -> tuple[str, str, str]:
        row = event(index, site, note)
        return _csv_row(row), _json(row), _json(slide(site, note))
    return _ROWS.get((note, index.history.publication(note), site), make)


def _indented(text: str, depth: int) -> str:
    """JSON dumped at indent 1, moved `depth` levels in (its first line stays where it starts)."""
    return text.replace("\n", "\n" + " " * depth)


def _json_list(items: list[str], depth: int) -> str:
    """Items dumped at indent 1, as the list json.dumps(indent=1) writes at nesting `depth`."""
    if not items:
        return "[]"
    inner = " " * (depth + 1)
    return "[\n" + ",\n".join(inner + _indented(item, depth + 1) for item in items) + "\n" + " " * depth + "]"


def data_files(project: Project, index: Index) -> Files:
    """OUTPUTS: data/events.csv, events.json, judgements.json and timeline.json, byte for byte what
    json.dumps(indent=1) and csv write of the whole lists give (tests compare them)."""
    site = project.site
    _ROWS.bound(2 * len(index.notes) + 100)
    parts = [_note_parts(index, site, note) for note in index.notes]
    by_slug = dict(zip((n.slug for n in index.notes), parts))
    slides = [by_slug[n.slug][2] for n in sorted(index.notes, key=lambda n: n.sort_key)]
    title = _indented(_json(_timeline_title(site)), 1)
    return {
        paths.data("events.csv"): _csv_line(COLUMNS) + "".join(csv_row for csv_row, _, _ in parts),
        paths.data("events.json"): _json_list([item for _, item, _ in parts], 0) + "\n",
        paths.data("judgements.json"): _dumps(judgements(index, site)),
        paths.data("timeline.json"): f'{{\n "title": {title},\n "events": {_json_list(slides, 1)}\n}}\n',
    }
