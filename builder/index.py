"""Stage 3: the complete cross-reference, built before anything is rendered."""
from __future__ import annotations

import functools
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .dates import MONTHS, PartialDate
from .editions import History, build_history
from .model import KINDS, Content, Edition, Figure, Note, Page, Term

FULL_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")


@dataclass(frozen=True, slots=True)
class Month:
    """A month of the timeline and its notes, newest first."""

    year: int
    month: int
    notes: tuple[Note, ...]

    @property
    def label(self) -> str:
        return f"{FULL_MONTHS[self.month - 1]} {self.year}"

    @property
    def anchor(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def short(self) -> str:
        return f"{MONTHS[self.month - 1]} {self.year}"


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
    drafts: tuple[Note, ...] = ()
    by_term: dict = field(default_factory=dict)  # (kind, slug) -> tuple[Note, ...]
    related: dict = field(default_factory=dict)  # (kind, slug) -> tuple[(Term, count), ...]
    editions: tuple[Edition, ...] = ()  # oldest first

    @functools.cached_property
    def history(self) -> History:
        """What each edition published, and when each note was first published and last changed."""
        return build_history(self.editions, self.notes)

    @functools.cached_property
    def vocabulary(self) -> tuple[str, ...]:
        """Every registered name and alias, sorted: the pattern notes' entity links share."""
        return tuple(sorted({name for term in self.terms for name in term.names}))

    def kind(self, kind: str) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.kind == kind)

    def notes_of(self, term: Term) -> tuple[Note, ...]:
        return self.by_term.get(term.key, ())

    def related_to(self, term: Term, kind: str | None = None) -> tuple[tuple[Term, int], ...]:
        pairs = self.related.get(term.key, ())
        return tuple(p for p in pairs if kind is None or p[0].kind == kind)

    def ranked(self, kind: str) -> tuple[tuple[Term, int], ...]:
        """Terms of a kind that notes name, most named first."""
        counted = ((t, len(self.notes_of(t))) for t in self.kind(kind))
        return tuple(sorted((p for p in counted if p[1]), key=lambda p: (-p[1], p[0].name)))

    def months(self, notes: tuple[Note, ...] | None = None) -> tuple[Month, ...]:
        groups: dict[tuple[int, int], list[Note]] = defaultdict(list)
        for note in self.notes if notes is None else notes:
            groups[(note.date.year, note.date.month)].append(note)
        return tuple(Month(y, m, tuple(groups[(y, m)])) for y, m in sorted(groups, reverse=True))

    def series(self) -> tuple[Series, ...]:
        found: dict[str, list[tuple[Figure, Note]]] = defaultdict(list)
        for note in self.notes:
            for figure in note.figures:
                found[figure.series].append((figure, note))
        return tuple(Series(name, points[0][0].unit, tuple(sorted(points, key=lambda p: (p[0].period.sort_key, p[1].slug))))
                     for name, points in sorted(found.items()))

    @property
    def cutoff(self) -> PartialDate | None:
        """Information cut-off: the newest note's date."""
        return self.notes[0].date if self.notes else None

    @property
    def start(self) -> PartialDate | None:
        return self.notes[-1].date if self.notes else None

    def counts(self) -> dict[str, int]:
        return {"notes": len(self.notes), **{kind: len(self.kind(kind)) for kind in KINDS}}


def build_index(content: Content) -> Index:
    """Group notes under every term they name and count co-mentions."""
    by_term: dict[tuple[str, str], list[Note]] = defaultdict(list)
    pairs: dict[tuple[str, str], Counter] = defaultdict(Counter)
    lookup = {t.key: t for t in content.terms}
    for note in content.notes:
        keys = [t.key for t in note.terms]
        for key in keys:
            by_term[key].append(note)
            for other in keys:
                if other != key:
                    pairs[key][other] += 1
    related = {
        key: tuple((lookup[other], n) for other, n in sorted(counter.items(), key=lambda kv: (-kv[1], lookup[kv[0]].name)))
        for key, counter in pairs.items()
    }
    return Index(content.notes, content.terms, content.pages, content.drafts,
                 {k: tuple(v) for k, v in by_term.items()}, related, content.editions)
