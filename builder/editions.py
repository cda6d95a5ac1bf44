"""Editions: what the brief published when, from the hashes in content/editions/<date>.yml.

An edition records the content hash of every note and judgement it held. Comparing each
edition with the one before tells what it added, changed and removed, and when every note
was first published and last changed; comparing the content with the latest edition tells
what is not yet released. Nothing here reads the clock: dates come from the editions.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .dates import PartialDate
from .model import Edition, Note

NEW = "new"  # a note in no edition yet
EDITED = "edited"  # a note changed since the latest edition that holds it


@dataclass(frozen=True, slots=True)
class Publication:
    """When the brief published a note: its first edition, the latest edition that changed it."""

    first: PartialDate | None = None  # None: not yet in any edition
    changed: PartialDate | None = None  # None: never changed after its first edition
    pending: str = ""  # NEW, EDITED, or "" when the latest edition holds it as it is

    @property
    def last(self) -> PartialDate | None:
        """The latest edition that published the note as it was then (first or changed)."""
        return self.changed or self.first


@dataclass(frozen=True)
class Changes:
    """What one edition added, changed and removed against the edition before it.

    `edition` None stands for the content not yet released, against the latest edition.
    """

    edition: Edition | None
    previous: Edition | None
    added: tuple[Note, ...] = ()  # newest event first; notes since deleted are left out
    changed: tuple[Note, ...] = ()
    removed: tuple[str, ...] = ()  # slugs
    judgements: tuple = ()  # JudgementChange, one per judgement that is new, withdrawn or revised

    @property
    def notes(self) -> tuple[Note, ...]:
        """Added and changed notes together, newest event first: the edition's developments."""
        return tuple(sorted((*self.added, *self.changed), key=lambda n: n.sort_key, reverse=True))

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed or self.judgements)


@dataclass(frozen=True)
class History:
    """Every edition, oldest first, what each changed, and each note's publication."""

    editions: tuple[Edition, ...] = ()
    changes: tuple[Changes, ...] = ()  # one per edition, in the same order
    unreleased: Changes = field(default_factory=lambda: Changes(None, None))
    publications: dict = field(default_factory=dict)  # slug -> Publication
    fallback: PartialDate | None = None  # the date given to what no edition published yet

    @property
    def current(self) -> Edition | None:
        """The latest edition: the one the home page and the published PDF present."""
        return self.editions[-1] if self.editions else None

    def find(self, date: PartialDate | str) -> Edition | None:
        key = date if isinstance(date, str) else date.iso()
        return next((e for e in self.editions if e.slug == key), None)

    def of(self, edition: Edition) -> Changes:
        return self.changes[self.editions.index(edition)]

    def publication(self, note: Note) -> Publication:
        return self.publications.get(note.slug, Publication(pending=NEW))

    def published(self, note: Note) -> PartialDate | None:
        """The date feeds give a note: its first edition, else the latest edition's date."""
        return self.publication(note).first or self.fallback

    def updated(self, note: Note) -> PartialDate | None:
        """The date of the note's latest published change (its first edition when it never changed)."""
        publication = self.publication(note)
        return self.fallback if publication.pending else publication.last


def _notes(slugs: list[str], by_slug: dict[str, Note]) -> tuple[Note, ...]:
    found = (by_slug[slug] for slug in slugs if slug in by_slug)
    return tuple(sorted(found, key=lambda n: n.sort_key, reverse=True))


def compare(edition: Edition | None, previous: Edition | None, by_slug: dict[str, Note]) -> Changes:
    """What `edition` (None: the current content) holds that `previous` did not, or held otherwise."""
    now = edition.notes if edition else {slug: note.digest for slug, note in by_slug.items()}
    before = previous.notes if previous else {}
    added = [slug for slug in now if slug not in before]
    changed = [slug for slug, digest in now.items() if slug in before and before[slug] != digest]
    removed = tuple(sorted(slug for slug in before if slug not in now))
    return Changes(edition, previous, _notes(added, by_slug), _notes(changed, by_slug), removed)


def publications(editions: tuple[Edition, ...], notes: tuple[Note, ...]) -> dict[str, Publication]:
    """Each note's first edition, the latest edition that changed it, and what is pending."""
    first: dict[str, PartialDate] = {}
    changed: dict[str, PartialDate] = {}
    last: dict[str, str] = {}
    for edition in editions:
        for slug, digest in edition.notes.items():
            if slug not in first:
                first[slug] = edition.date
            elif last[slug] != digest:
                changed[slug] = edition.date
            last[slug] = digest
    latest = editions[-1].notes if editions else {}
    found = {}
    for note in notes:
        pending = NEW if note.slug not in latest else EDITED if latest[note.slug] != note.digest else ""
        found[note.slug] = Publication(first.get(note.slug), changed.get(note.slug), pending)
    return found


def build_history(editions: tuple[Edition, ...], notes: tuple[Note, ...]) -> History:
    """The history of the brief from its editions (oldest first) and its current notes."""
    by_slug = {note.slug: note for note in notes}
    changes = tuple(compare(e, editions[i - 1] if i else None, by_slug) for i, e in enumerate(editions))
    current = editions[-1] if editions else None
    cutoff = max((n.date for n in notes), key=lambda d: d.sort_key, default=None)
    fallback = current.date if current else (_day(cutoff) if cutoff else None)
    return History(editions, changes, compare(None, current, by_slug), publications(editions, notes), fallback)


def _day(date: PartialDate) -> PartialDate:
    """A date to the day: the last day of a month-precision date (nothing is dated before it)."""
    last = date.last_day()
    return PartialDate(last.year, last.month, last.day)
