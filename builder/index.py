"""Stage 3: the complete cross-reference, built before anything is rendered."""
from __future__ import annotations

import functools
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from . import paths
from .dates import FULL_MONTHS, MONTHS, PartialDate
from .editions import History, build_history
from .grades import UNGRADED_CREDIBILITY, letter_rank
from .memo import Memo
from .model import Content, Edition, Figure, Judgement, Note, Page, Term, kind_of


@dataclass(frozen=True, slots=True)
class Month:
    """A month of the timeline and its notes, newest first."""

    year: int
    month: int
    notes: tuple[Note, ...]

    @property
    def label(self) -> str:
        """'November 2024'."""
        return f"{FULL_MONTHS[self.month - 1]} {self.year}"

    @property
    def anchor(self) -> str:
        """'2024-11': the month's id in the timeline."""
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def abbreviation(self) -> str:
        """'Nov'."""
        return MONTHS[self.month - 1]

    @property
    def short(self) -> str:
        """'Nov 2024'."""
        return f"{self.abbreviation} {self.year}"


TIMELINE_PAGE = 500  # notes a timeline page holds at most, in whole months (one month may hold more)


@dataclass(frozen=True, slots=True)
class TimelinePage:
    """One page of the timeline: a year, or a part of a busy year, in whole months, newest first."""

    path: str
    year: int
    part: int
    parts: int
    months: tuple[Month, ...]

    @property
    def notes(self) -> tuple[Note, ...]:
        return tuple(n for m in self.months for n in m.notes)


@dataclass(frozen=True, slots=True)
class Series:
    """A figure series gathered from every note that carries it, in period order."""

    name: str
    unit: str
    points: tuple[tuple[Figure, Note], ...]


@dataclass(frozen=True)
class Index:
    """Notes by date and by entity, co-mentions, figures: everything templates look up."""

    notes: tuple[Note, ...]  # newest first
    terms: tuple[Term, ...]
    pages: tuple[Page, ...] = ()
    by_term: dict = field(default_factory=dict)  # (kind, slug) -> tuple[Note, ...]
    related: dict = field(default_factory=dict)  # (kind, slug) -> tuple[(Term, count), ...]
    judgements: tuple[Judgement, ...] = ()  # by order, then newest, then slug
    supported: dict = field(default_factory=dict)  # note slug -> tuple[Judgement, ...]
    see_also_map: dict = field(default_factory=dict)  # note slug -> tuple[Note, ...], both directions
    editions: tuple[Edition, ...] = ()  # oldest first

    def judgements_of(self, note: Note) -> tuple[Judgement, ...]:
        """The key judgements a note supports."""
        return self.supported.get(note.slug, ())

    def see_also(self, note: Note) -> tuple[Note, ...]:
        """Notes on the same development: those it names in `see_also` and those that name it."""
        return self.see_also_map.get(note.slug, ())

    def rank_key(self, note: Note) -> tuple:
        """Key first: supports more key judgements, better source, more credible, more independent
        sources, newer. Never the raw number of citations: one outlet cited twice is one source."""
        year, month, day = note.date.sort_key
        return (-len(self.judgements_of(note)), letter_rank(note.reliability), note.credibility or UNGRADED_CREDIBILITY,
                -len(note.independent_sources), -year, -month, -day, note.slug)

    def ranked_notes(self, notes: tuple[Note, ...] | None = None) -> tuple[Note, ...]:
        return tuple(sorted(self.notes if notes is None else notes, key=self.rank_key))

    def key_developments(self, n: int = 6, notes: tuple[Note, ...] | None = None) -> tuple[Note, ...]:
        """The `n` key notes (PDF "Key developments", home page), most important first."""
        return self.ranked_notes(notes)[:n]

    @functools.cached_property
    def history(self) -> History:
        """What each edition published, and when each note was first published and last changed."""
        return build_history(self.editions, self.notes, self.judgements)

    @functools.cached_property
    def vocabulary(self) -> tuple[str, ...]:
        """Every name and alias of the kinds a note's text names (not tags), sorted: what entity links look up."""
        return tuple(sorted({name for term in self.terms if kind_of(term.kind).named for name in term.names}))

    @functools.cached_property
    def _position(self) -> dict[str, int]:
        return {note.slug: i for i, note in enumerate(self.notes)}

    def neighbours(self, note: Note) -> tuple[Note | None, Note | None]:
        """(earlier, later): the notes either side of `note` in the timeline's order."""
        i = self._position[note.slug]
        earlier = self.notes[i + 1] if i + 1 < len(self.notes) else None
        return earlier, self.notes[i - 1] if i > 0 else None

    def kind(self, kind: str) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.kind == kind)

    def notes_of(self, term: Term) -> tuple[Note, ...]:
        return self.by_term.get(term.key, ())

    def related_to(self, term: Term, kind: str | None = None) -> tuple[tuple[Term, int], ...]:
        pairs = self.related.get(term.key, ())
        if kind is None:
            return pairs
        return self._related_by_kind.get((term.key, kind), ())

    @functools.cached_property
    def _related_by_kind(self) -> dict[tuple[tuple[str, str], str], tuple[tuple[Term, int], ...]]:
        found: dict[tuple[tuple[str, str], str], list[tuple[Term, int]]] = defaultdict(list)
        for key, pairs in self.related.items():
            for pair in pairs:
                found[(key, pair[0].kind)].append(pair)
        return {k: tuple(v) for k, v in found.items()}

    def ranked(self, kind: str) -> tuple[tuple[Term, int], ...]:
        """Terms of a kind that notes name, most named first."""
        counted = ((t, len(self.notes_of(t))) for t in self.kind(kind))
        return tuple(sorted((p for p in counted if p[1]), key=lambda p: (-p[1], p[0].name)))

    def months(self, notes: tuple[Note, ...] | None = None) -> tuple[Month, ...]:
        groups: dict[tuple[int, int], list[Note]] = defaultdict(list)
        for note in self.notes if notes is None else notes:
            groups[(note.date.year, note.date.month)].append(note)
        return tuple(Month(y, m, tuple(groups[(y, m)])) for y, m in sorted(groups, reverse=True))

    def calendar(self) -> tuple[Month, ...]:
        """Every month from the first note's to the cut-off, oldest first, empty months included."""
        if not self.notes:
            return ()
        groups = {(m.year, m.month): m for m in self.months()}
        (y, m), end = (self.start.year, self.start.month), (self.cutoff.year, self.cutoff.month)
        months = []
        while (y, m) <= end:
            months.append(groups.get((y, m), Month(y, m, ())))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return tuple(months)

    def series(self) -> tuple[Series, ...]:
        found: dict[str, list[tuple[Figure, Note]]] = defaultdict(list)
        for note in self.notes:
            for figure in note.figures:
                found[figure.series].append((figure, note))
        return tuple(Series(name, points[0][0].unit, tuple(sorted(points, key=lambda p: (p[0].period.sort_key, p[1].slug))))
                     for name, points in sorted(found.items()))

    @functools.cached_property
    def years(self) -> tuple[tuple[int, tuple[Note, ...]], ...]:
        """(year, its notes newest first) for every year with notes, newest first."""
        groups: dict[int, list[Note]] = defaultdict(list)
        for note in self.notes:
            groups[note.date.year].append(note)
        return tuple((year, tuple(groups[year])) for year in sorted(groups, reverse=True))

    @functools.cached_property
    def timeline_pages(self) -> tuple[TimelinePage, ...]:
        """The timeline's pages, newest first: a year per page, in parts of whole months when it holds
        more than TIMELINE_PAGE notes (a page stays light however busy a year was)."""
        pages = []
        for year, notes in self.years:
            parts: list[list[Month]] = [[]]
            for month in self.months(notes):
                if parts[-1] and sum(len(m.notes) for m in parts[-1]) + len(month.notes) > TIMELINE_PAGE:
                    parts.append([])
                parts[-1].append(month)
            current = self.cutoff is not None and year == self.cutoff.year
            for number, months in enumerate(parts, start=1):
                path = paths.timeline(None if current and number == 1 else year, number)
                pages.append(TimelinePage(path, year, number, len(parts), tuple(months)))
        return tuple(pages)

    @functools.cached_property
    def _timeline_of(self) -> dict[tuple[int, int], str]:
        found: dict[tuple[int, int], str] = {}
        for page in self.timeline_pages:
            found.setdefault((page.year, 0), page.path)
            found.update(((m.year, m.month), page.path) for m in page.months)
        return found

    def timeline_page(self, year: int, month: int = 0) -> str:
        """The timeline page of a month (or the first of a year): /timeline/ for the cut-off's year (never the
        clock's), else /timeline/<year>/, or a further part /timeline/<year>/<n>/ of a busy year."""
        return self._timeline_of.get((year, month)) or paths.timeline(
            None if self.cutoff is None or year == self.cutoff.year else year)

    @property
    def cutoff(self) -> PartialDate | None:
        """Information cut-off: the newest note's date."""
        return self.notes[0].date if self.notes else None

    @property
    def start(self) -> PartialDate | None:
        return self.notes[-1].date if self.notes else None


_RELATED = Memo()  # who is named with whom: counted again only when some note's entities or the registry change


def build_index(content: Content) -> Index:
    """Group notes under every term they name and count co-mentions."""
    by_term: dict[tuple[str, str], list[Note]] = defaultdict(list)
    named = tuple(tuple(t.key for t in note.terms) for note in content.notes)
    for note, keys in zip(content.notes, named):
        for key in keys:
            by_term[key].append(note)
    related = _RELATED.get((named, content.terms), lambda: _related(named, content.terms))
    _RELATED.bound(4)
    supported: dict[str, list[Judgement]] = defaultdict(list)
    for judgement in content.judgements:
        for note in judgement.supports:
            supported[note.slug].append(judgement)
    return Index(content.notes, content.terms, content.pages,
                 {k: tuple(v) for k, v in by_term.items()}, related, content.judgements,
                 {k: tuple(v) for k, v in supported.items()}, _see_also(content.notes), content.editions)


def _related(named: tuple[tuple[tuple[str, str], ...], ...], terms: tuple[Term, ...]) -> dict:
    """Each entity's co-mentioned entities with how many notes name both, most first, then by name."""
    pairs: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for keys in named:
        for key in keys:
            pairs[key].update(keys)
    lookup = {t.key: t for t in terms}
    return {key: tuple((lookup[other], n) for other, n in sorted(((o, n) for o, n in counter.items() if o != key),
                                                                 key=lambda kv: (-kv[1], lookup[kv[0]].name)))
            for key, counter in pairs.items()}


def _see_also(notes: tuple[Note, ...]) -> dict[str, tuple[Note, ...]]:
    """`see_also` made symmetric: a link from either note shows on both."""
    by_slug = {n.slug: n for n in notes}
    linked: dict[str, dict[str, Note]] = defaultdict(dict)
    for note in notes:
        for slug in note.see_also:
            if slug in by_slug:
                linked[note.slug][slug] = by_slug[slug]
                linked[slug][note.slug] = note
    return {slug: tuple(sorted(found.values(), key=lambda n: n.sort_key, reverse=True)) for slug, found in linked.items()}
