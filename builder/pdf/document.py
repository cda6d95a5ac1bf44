"""The brief as a PDF: a print HTML document from `templates/pdf/`, laid out by WeasyPrint.

Whole brief, a date window (`since`/`until`) or one entity's dossier. The note HTML is the
same sanitized HTML as the site and the feeds (markdown.render → sanitize); WeasyPrint runs
no scripts, and the URL fetcher below refuses every fetch, so a note cannot make the build
touch the network.
"""
from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from .. import markdown, paths
from ..config import Project
from ..dates import DateError, PartialDate, parse_date
from ..index import Index, build_index
from ..editions import Changes
from ..model import Content, Edition, Judgement, Note, SourceRef, Term, kind_of, listed_kinds
from ..problems import BriefError, Problem
from ..registry import Registry
from ..render import environment, note_body as render_body, template_path

log = logging.getLogger(__name__)
TEMPLATE = "pdf/brief.html.j2"
EDITION_TEMPLATE = "pdf/edition.html.j2"
STYLESHEET = "pdf/brief.css"
KEY_COUNT = 6
TERM_NOTES = 25  # notes listed under each country or actor; the timeline has them all
WHERE = "command line"  # Problem path for a bad option: 'command line: --since: …'


@dataclass(frozen=True, slots=True)
class Scope:
    """Which notes a PDF holds: a date window and/or one country or actor."""

    since: PartialDate | None = None
    until: PartialDate | None = None
    subject: Term | None = None

    def holds(self, note: Note) -> bool:
        """Inside the window when the note's whole period is (a month note needs the whole month)."""
        if self.since and note.date.first_day() < self.since.first_day():
            return False
        if self.until and note.date.last_day() > self.until.last_day():
            return False
        return self.subject is None or self.subject.key in {t.key for t in note.terms}

    def overlaps(self, note: Note) -> bool:
        """A month note partly inside the window: left out, but counted on the cover."""
        after = not self.since or note.date.last_day() >= self.since.first_day()
        before = not self.until or note.date.first_day() <= self.until.last_day()
        return after and before and not self.holds(note)

    @property
    def windowed(self) -> bool:
        return bool(self.since or self.until)


@dataclass(frozen=True, slots=True)
class Citation:
    """One numbered endnote: a source reference of one note."""

    number: int
    ref: SourceRef
    note: Note


@dataclass
class Brief:
    """Everything the print template reads, computed before it renders."""

    project: Project
    index: Index  # only the notes in scope, newest first
    scope: Scope
    left_out: int  # notes that straddle the window's edges
    key: tuple[Note, ...]
    citations: dict[str, tuple[Citation, ...]] = field(default_factory=dict)  # note slug -> its citations
    term_notes: int = TERM_NOTES
    edition: Changes | None = None  # an edition's PDF: what it published against the one before
    held: tuple[Note, ...] = ()  # an edition's PDF: every note the edition holds, newest first

    @property
    def slugs(self) -> frozenset[str]:
        """The notes this PDF holds: a judgement's other notes are named, not linked."""
        return frozenset(n.slug for n in self.index.notes)

    @property
    def endnotes(self) -> list[Citation]:
        return [c for note in self.index.notes for c in self.citations[note.slug]]

    @property
    def title(self) -> str:
        if self.edition and self.edition.edition:
            return self.edition.edition.title
        if self.scope.subject:
            return f"{self.scope.subject.name}: {kind_of(self.scope.subject.kind).singular} dossier"
        return self.project.site.title

    @property
    def period(self) -> tuple[PartialDate | None, PartialDate | None]:
        """The period covered: the window when one was asked for, else the notes' span."""
        return (self.scope.since or self.index.start, self.scope.until or self.index.cutoff)


def resolve_scope(index: Index, *, since: str | None = None, until: str | None = None,
                  subjects: dict[str, str | None] | None = None) -> Scope:
    """Read the command-line options; BriefError naming the option and the fix.

    `subjects` maps a listed kind's name to the name asked for (`--country Iraq`), at most one.
    """
    problems: list[Problem] = []
    dates: dict[str, PartialDate | None] = {}
    for option, value in (("--since", since), ("--until", until)):
        dates[option] = None
        if value is not None:
            try:
                dates[option] = parse_date(value)
            except DateError as exc:
                problems.append(Problem(WHERE, 0, option, str(exc)))
    if dates["--since"] and dates["--until"] and dates["--since"].first_day() > dates["--until"].last_day():
        problems.append(Problem(WHERE, 0, "--until", f"{dates['--until'].display()} is before --since "
                                                     f"{dates['--since'].display()}; swap the two dates"))
    asked = [(kind, name) for kind in listed_kinds() if (name := (subjects or {}).get(kind.name)) is not None]
    if len(asked) > 1:
        options = [f"--{kind.singular}" for kind, _ in asked]
        problems.append(Problem(WHERE, 0, options[-1], f"give {' or '.join(options)}, not {'both' if len(asked) == 2 else 'several'}"))
    subject = None
    for kind, name in asked:
        registry = Registry(kind.name, index.kind(kind.name))
        subject = registry.get(name)
        if subject is None:
            problems.append(Problem(WHERE, 0, f"--{kind.singular}", f"unknown {kind.singular} '{name}'.{registry.suggest(name)}"))
    if problems:
        raise BriefError(problems)
    return Scope(dates["--since"], dates["--until"], subject)


def select(project: Project, index: Index, scope: Scope = Scope()) -> Brief:
    """The notes in scope, re-indexed so entity sections count only them, and numbered citations."""
    notes = tuple(n for n in index.notes if scope.holds(n))
    if not notes:
        option = "--since" if scope.windowed else f"--{kind_of(scope.subject.kind).singular}" if scope.subject else "notes"
        raise BriefError(Problem(WHERE, 0, option, _empty_message(index, scope)))
    held = {n.slug for n in notes}
    judgements = tuple(j for j in index.judgements if any(n.slug in held for n in j.supports))
    sub = build_index(Content(notes=notes, terms=index.terms, pages=index.pages, judgements=judgements))
    left_out = sum(scope.overlaps(n) for n in index.notes
                   if scope.subject is None or scope.subject.key in {t.key for t in n.terms})
    return Brief(project, sub, scope, left_out, sub.key_developments(KEY_COUNT), _citations(notes))


def _citations(notes: tuple[Note, ...]) -> dict[str, tuple[Citation, ...]]:
    """Every source reference of every note, numbered in the order the notes are printed."""
    citations: dict[str, tuple[Citation, ...]] = {}
    number = 0
    for note in notes:
        cites = []
        for ref in note.sources:
            number += 1
            cites.append(Citation(number, ref, note))
        citations[note.slug] = tuple(cites)
    return citations


def find_edition(index: Index, date: str) -> Edition:
    """The edition of `date` (--edition); BriefError listing the editions there are."""
    edition = index.history.find(date)
    if edition is None:
        known = ", ".join(e.slug for e in index.editions) or "none yet; record one with 'brief release'"
        raise BriefError(Problem(WHERE, 0, "--edition", f"no edition of '{date}'; the editions are: {known}"))
    return edition


def select_edition(project: Project, index: Index, edition: Edition) -> Brief:
    """An edition's PDF: its key judgements and the notes it added or changed against the previous edition."""
    changes = index.history.of(edition)
    notes = changes.notes
    judgements = tuple(j for j in index.judgements if j.slug in edition.judgements)
    sub = build_index(Content(notes=notes, terms=index.terms, pages=index.pages, judgements=judgements,
                              editions=index.editions))
    held = tuple(note for note in index.notes if note.slug in edition.notes)
    return Brief(project, sub, Scope(), 0, (), _citations(notes), edition=changes, held=held)


def _empty_message(index: Index, scope: Scope) -> str:
    if not index.notes:
        return "the brief has no notes yet; add some under content/notes/ first"
    span = f"the brief covers {index.start.display()} to {index.cutoff.display()}"
    what = f" naming {scope.subject.name}" if scope.subject else ""
    window = ""
    if scope.windowed:
        window = f" from {scope.since.display() if scope.since else 'the start'} to {scope.until.display() if scope.until else 'the end'}"
    return f"no notes{what}{window}; {span}; widen the window or pick another name"


def document_html(brief: Brief) -> str:
    """The print document as HTML text (sanitized note bodies, anchors for every cross-reference)."""
    env = environment(brief.project)
    env.globals.update(anchor=anchor, precision=precision_text)
    web = lambda path: brief.project.site.url + paths.url(path)  # noqa: E731
    # An edition's PDF has no country and actor sections, and holds only some notes: those outside
    # link to their pages online.
    term_href = (lambda term: web(paths.term(term))) if brief.edition else (lambda term: f"#{anchor(term)}")
    note_href = lambda note: f"#{anchor(note)}" if note.slug in brief.slugs else web(paths.note(note))  # noqa: E731
    return keep_small_tables(breakable(env.get_template(EDITION_TEMPLATE if brief.edition else TEMPLATE).render(
        b=brief, site=brief.project.site, index=brief.index, paths=paths, web=web, term_href=term_href,
        note_href=note_href, body=lambda note: note_body(note, brief.index.vocabulary, term_href),
        reasoning=lambda j: judgement_body(j, brief.index.vocabulary, brief.slugs, term_href),
        profile=lambda term: Markup(markdown.render(term.profile)))))


# A table this short is never split across pages (print CSS: table[data-keep]); a longer one may be,
# between rows, its header row repeated. Keeping a long table whole would push it to the next page and
# leave the rest of this one blank.
KEEP_ROWS = 10  # rows, the header row included
_TABLE_TAG = re.compile(r"<(/?)(table|tr)\b", re.IGNORECASE)


def keep_small_tables(html: str) -> str:
    """`html` with every table of at most KEEP_ROWS rows (its own, not a nested table's) marked `data-keep`."""
    open_tables: list[list[int]] = []  # [where its tag's name ends, its rows so far]
    keep: list[int] = []
    for match in _TABLE_TAG.finditer(html):
        closing, name = match.group(1), match.group(2).lower()
        if name == "tr" and not closing and open_tables:
            open_tables[-1][1] += 1
        elif name == "table" and not closing:
            open_tables.append([match.end(), 0])
        elif name == "table" and open_tables:
            end, rows = open_tables.pop()
            if rows <= KEEP_ROWS:
                keep.append(end)
    for end in sorted(keep, reverse=True):
        html = html[:end] + " data-keep" + html[end:]
    return html


# WeasyPrint breaks an overflowing word (overflow-wrap: anywhere) by trying ever longer pieces of it,
# in time that grows with the square of its length: a 100 KB token took minutes. Words this long get
# a zero-width space every CHUNK characters, so each piece is short and layout stays linear.
LONG_WORD = 200
CHUNK = 100
_TAG_OR_TEXT = re.compile(r"""(<(?:[^>"']|"[^"]*"|'[^']*')*>)|([^<]+)""")
_LONG = re.compile(rf"(?:&[#\w]+;|[^\s&<])(?:&[#\w]+;|[^\s&<]){{{LONG_WORD - 1},}}")
_UNIT = re.compile(r"&[#\w]+;|.", re.DOTALL)


def breakable(html: str) -> str:
    """`html` with a break opportunity every CHUNK characters in words longer than LONG_WORD (text only)."""
    def text(match: re.Match) -> str:
        return match.group(1) or _LONG.sub(_chunked, match.group(2))
    return _TAG_OR_TEXT.sub(text, html)


def _chunked(match: re.Match) -> str:
    units = _UNIT.findall(match.group(0))  # an entity such as &amp; is one character
    return "\u200b".join("".join(units[i:i + CHUNK]) for i in range(0, len(units), CHUNK))


def anchor(item: Note | Term | Judgement | str) -> str:
    """The id of a note, an entity, a judgement or a section in the print document."""
    if isinstance(item, Note):
        return f"note-{item.slug}"
    if isinstance(item, Judgement):
        return f"judgement-{item.slug}"
    if isinstance(item, Term):
        return f"{kind_of(item.kind).singular}-{item.slug}"
    return item


def precision_text(note: Note) -> str:
    """'Nov 2023 (month)': the date with its precision, always visible in print."""
    return f"{note.date_text} ({note.precision})"


def note_body(note: Note, vocabulary: tuple[str, ...] = (), term_href: Callable[[Term], str] | None = None) -> Markup:
    """The note's sanitized HTML, with the entities it lists linked to their sections (or `term_href`)."""
    return render_body(note, term_href or (lambda term: f"#{anchor(term)}"), vocabulary)


def judgement_body(judgement: Judgement, vocabulary: tuple[str, ...] = (), held: frozenset[str] | None = None,
                   term_href: Callable[[Term], str] | None = None) -> Markup:
    """A judgement's reasoning as sanitized HTML, the entities of its notes (those `held` in the PDF) linked
    to their sections (or `term_href`)."""
    href = term_href or (lambda term: f"#{anchor(term)}")
    notes = [n for n in judgement.supports if held is None or n.slug in held]
    terms = {t.key: t for note in notes for t in (*note.countries, *note.actors)}
    links = [(name, href(t)) for t in terms.values() for name in t.names]
    return Markup(markdown.render(judgement.body, links, vocabulary))


def stylesheet(project: Project) -> str:
    return template_path(project, STYLESHEET).read_text(encoding="utf-8")


@dataclass(frozen=True, slots=True)
class Prepared:
    """The print document of a PDF, before layout: all WeasyPrint needs, without the brief it came from."""

    html: str
    css: str
    notes: int
    seconds: float  # selecting and rendering the HTML


@dataclass(frozen=True, slots=True)
class Rendered:
    """A rendered PDF and what it took."""

    data: bytes
    pages: int
    notes: int
    seconds: dict[str, float]


def prepare(project: Project, index: Index, scope: Scope = Scope(), progress: Callable[[str], None] = log.info,
            edition: Edition | None = None) -> Prepared:
    """The print document for `scope`, or of `edition`."""
    started = time.perf_counter()
    brief = select_edition(project, index, edition) if edition else select(project, index, scope)
    text = document_html(brief)
    seconds = time.perf_counter() - started
    progress(f"pdf: {len(brief.index.notes)} notes, {len(brief.endnotes)} citations as HTML "
             f"({len(text) // 1024} KiB) in {seconds:.1f}s; laying out with WeasyPrint")
    return Prepared(text, stylesheet(project), len(brief.index.notes), seconds)


def lay_out(prepared: Prepared, progress: Callable[[str], None] = log.info) -> Rendered:
    """The PDF bytes of a prepared document; progress reports each stage (and layout every 50 pages)."""
    from .engine import write_pdf

    started = time.perf_counter()
    data, pages, timings = write_pdf(prepared.html, prepared.css, progress)
    return Rendered(data, pages, prepared.notes, {"html": prepared.seconds, **timings,
                                                  "total": prepared.seconds + time.perf_counter() - started})


def render(project: Project, index: Index, scope: Scope = Scope(),
           progress: Callable[[str], None] = log.info, edition: Edition | None = None) -> Rendered:
    """The PDF bytes for `scope`, or of `edition`."""
    return lay_out(prepare(project, index, scope, progress, edition), progress)


def publish_pdf(project: Project, index: Index) -> dict[str, bytes]:
    """PUBLISH_OUTPUTS: `brief.pdf` in the site: the current edition, or before the first the whole brief,
    or its newest months when the whole would be too long to make at every publish (`recent_scope`)."""
    if index.history.current:
        return {paths.PDF: render(project, index, edition=index.history.current).data}
    if not index.notes:
        return {}
    scope = recent_scope(index)
    if scope.since:
        log.warning("the site's PDF holds the notes since %s, the newest whole months up to %d notes (of %d): "
                    "release an edition (brief release) to publish it instead, or run brief pdf for the whole brief",
                    scope.since.display(), SITE_PDF_NOTES, len(index.notes))
    return {paths.PDF: render(project, index, scope).data}


# Before the first edition, the site's PDF is the whole brief up to this many notes (about 300 pages, half
# a minute): a brief of thousands would hold up every publish for many minutes and gigabytes.
SITE_PDF_NOTES = 200


def recent_scope(index: Index, limit: int | None = None) -> Scope:
    """The whole brief when it holds at most `limit` notes; else its newest whole months that do (one
    month at least, however many it holds)."""
    limit = SITE_PDF_NOTES if limit is None else limit
    if len(index.notes) <= limit:
        return Scope()
    held = 0
    since = None
    for month in reversed(index.calendar()):
        if not month.notes:
            continue
        if since is not None and held + len(month.notes) > limit:
            break
        held += len(month.notes)
        since = PartialDate(month.year, month.month)
    return Scope(since=since)


def default_output(project: Project) -> Path:
    return project.site_dir / paths.PDF
