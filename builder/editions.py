"""Editions: what the brief published when, from the hashes in content/editions/<date>.yml.

An edition records the content hash of every note and judgement it held, and each judgement's
likelihood and confidence. Comparing each edition with the one before tells what it added,
changed and removed and how each judgement moved; it also tells when every note and judgement
was first published and last changed. Comparing the content with the latest edition tells what
is not yet released. Nothing here reads the clock: dates come from the editions.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from . import estimative
from .dates import PartialDate
from .memo import kept
from .model import Edition, Judgement, Note, Recorded

NEW = "new"  # in no edition yet (notes), or new in this edition (judgement changes)
EDITED = "edited"  # a note or judgement changed since the latest edition that holds it
WITHDRAWN = "withdrawn"  # a judgement the previous edition held and this one does not
REVISED = "revised"  # its likelihood or confidence moved
REWORDED = "reworded"  # same estimate; its sentence, reasoning or support changed
RAISED, LOWERED = "raised", "lowered"


@kept
@dataclass(frozen=True, slots=True)
class Publication:
    """When the brief published a note or judgement: its first edition, the latest that changed it."""

    first: PartialDate | None = None  # None: not yet in any edition
    changed: PartialDate | None = None  # None: never changed after its first edition
    pending: str = ""  # NEW, EDITED, or "" when the latest edition holds it as it is

    @property
    def last(self) -> PartialDate | None:
        """The latest edition that published it as it was then (first or changed)."""
        return self.changed or self.first


_UNPUBLISHED = Publication(pending=NEW)  # what no edition has published yet (most notes of a brief without editions)


def record(judgement: Judgement) -> Recorded:
    """A judgement as an edition records it."""
    return Recorded(judgement.title, judgement.likelihood, judgement.confidence, judgement.digest)


def _move(before: int, after: int) -> str:
    return RAISED if after > before else LOWERED if after < before else ""


@dataclass(frozen=True, slots=True)
class JudgementChange:
    """How one key judgement changed in an edition: new, withdrawn, revised or reworded."""

    slug: str
    kind: str  # NEW, WITHDRAWN, REVISED or REWORDED
    before: Recorded | None  # None when new
    after: Recorded | None  # None when withdrawn
    judgement: Judgement | None = None  # the judgement as it stands now, when it still exists
    notes: tuple[Note, ...] = ()  # its supporting notes the edition added or changed: what moved it

    @property
    def title(self) -> str:
        return (self.after or self.before).title

    @property
    def likelihood(self) -> str:
        """RAISED, LOWERED or '' (ICD 203 bands: the two scales compare band for band)."""
        if not (self.before and self.after):
            return ""
        return _move(estimative.band(self.before.likelihood), estimative.band(self.after.likelihood))

    @property
    def confidence(self) -> str:
        if not (self.before and self.after):
            return ""
        levels = estimative.CONFIDENCE_LEVELS
        return _move(levels.index(self.before.confidence), levels.index(self.after.confidence))

    @property
    def label(self) -> str:
        """'likelihood raised', 'confidence lowered', both, or the kind: a badge's words."""
        if self.kind != REVISED:
            return self.kind
        moved = [f"{what} {move}" for what, move in (("likelihood", self.likelihood), ("confidence", self.confidence)) if move]
        return ", ".join(moved)

    @property
    def summary(self) -> str:
        """'likelihood raised (unlikely → likely); confidence unchanged (low)', in words."""
        if self.kind == NEW:
            return f"new: {self.after.likelihood}, {self.after.confidence} confidence"
        if self.kind == WITHDRAWN:
            return f"withdrawn (was {self.before.likelihood}, {self.before.confidence} confidence)"
        parts = []
        for what, move, before, after in (("likelihood", self.likelihood, self.before.likelihood, self.after.likelihood),
                                          ("confidence", self.confidence, self.before.confidence, self.after.confidence)):
            parts.append(f"{what} {move} ({before} → {after})" if move or before != after else f"{what} unchanged ({after})")
        return "; ".join(parts) if self.kind == REVISED else "reworded, same estimate: " + "; ".join(parts)


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
    judgements: tuple[JudgementChange, ...] = ()  # by kind (KIND_ORDER), then slug

    @property
    def notes(self) -> tuple[Note, ...]:
        """Added and changed notes together, newest event first: the edition's developments."""
        return tuple(sorted((*self.added, *self.changed), key=lambda n: n.sort_key, reverse=True))

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed or self.judgements)


def _key(item: Note | Judgement) -> tuple[str, str]:
    return ("judgements" if isinstance(item, Judgement) else "notes", item.slug)


@dataclass(frozen=True)
class History:
    """Every edition, oldest first, what each changed, and when each note and judgement was published."""

    editions: tuple[Edition, ...] = ()
    changes: tuple[Changes, ...] = ()  # one per edition, in the same order
    unreleased: Changes = field(default_factory=lambda: Changes(None, None))
    publications: dict = field(default_factory=dict)  # ("notes" | "judgements", slug) -> Publication
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

    def publication(self, item: Note | Judgement) -> Publication:
        return self.publications.get(_key(item), _UNPUBLISHED)

    def published(self, item: Note | Judgement) -> PartialDate | None:
        """The date feeds give an item: its first edition, else the latest edition's date."""
        return self.publication(item).first or self.fallback

    def updated(self, item: Note | Judgement) -> PartialDate | None:
        """Its latest published change (its first edition when it never changed); pending: the fallback."""
        publication = self.publication(item)
        return self.fallback if publication.pending else publication.last


def _notes(slugs: list[str], by_slug: dict[str, Note]) -> tuple[Note, ...]:
    found = (by_slug[slug] for slug in slugs if slug in by_slug)
    return tuple(sorted(found, key=lambda n: n.sort_key, reverse=True))


KIND_ORDER = (REVISED, WITHDRAWN, REWORDED, NEW)  # what moved first: readers ask "did any judgement change?"


def judgement_changes(now: dict[str, Recorded], before: dict[str, Recorded], judgements: dict[str, Judgement],
                      moved: set[str]) -> tuple[JudgementChange, ...]:
    """Each judgement new, withdrawn, revised (likelihood or confidence moved) or reworded; `moved` are
    the slugs of the notes the edition added or changed, so each change names the notes behind it."""
    found = []
    for slug in sorted({*now, *before}):
        after, prior = now.get(slug), before.get(slug)
        if after and prior and after.digest == prior.digest and (after.likelihood, after.confidence) == (
                prior.likelihood, prior.confidence):
            continue
        kind = (NEW if prior is None else WITHDRAWN if after is None else
                REVISED if (after.likelihood, after.confidence) != (prior.likelihood, prior.confidence) else REWORDED)
        current = judgements.get(slug)
        notes = tuple(n for n in current.supports if n.slug in moved) if current and after else ()
        found.append(JudgementChange(slug, kind, prior, after, current, notes))
    return tuple(sorted(found, key=lambda c: (KIND_ORDER.index(c.kind), c.slug)))


def compare(edition: Edition | None, previous: Edition | None, by_slug: dict[str, Note],
            judgements: dict[str, Judgement] | None = None) -> Changes:
    """What `edition` (None: the current content) holds that `previous` did not, or held otherwise."""
    judgements = judgements or {}
    now = edition.notes if edition else {slug: note.digest for slug, note in by_slug.items()}
    before = previous.notes if previous else {}
    added = [slug for slug in now if slug not in before]
    changed = [slug for slug, digest in now.items() if slug in before and before[slug] != digest]
    removed = tuple(sorted(slug for slug in before if slug not in now))
    records = edition.judgements if edition else {slug: record(j) for slug, j in judgements.items()}
    moves = judgement_changes(records, previous.judgements if previous else {}, judgements, {*added, *changed})
    return Changes(edition, previous, _notes(added, by_slug), _notes(changed, by_slug), removed, moves)


def publications(editions: tuple[Edition, ...], items: tuple[Note | Judgement, ...]) -> dict[tuple[str, str], Publication]:
    """Each note's and judgement's first edition, the latest edition that changed it, and what is pending."""
    first: dict[tuple[str, str], PartialDate] = {}
    changed: dict[tuple[str, str], PartialDate] = {}
    last: dict[tuple[str, str], str] = {}
    for edition in editions:
        held = [(("notes", s), d) for s, d in edition.notes.items()]
        held += [(("judgements", s), r.digest) for s, r in edition.judgements.items()]
        for key, digest in held:
            if key not in first:
                first[key] = edition.date
            elif last[key] != digest:
                changed[key] = edition.date
            last[key] = digest
    latest = editions[-1] if editions else None
    found = {}
    for item in items:
        key = _key(item)
        held = (latest.notes.get(item.slug) if key[0] == "notes" else
                getattr(latest.judgements.get(item.slug), "digest", None)) if latest else None
        pending = NEW if held is None else EDITED if held != item.digest else ""
        found[key] = Publication(first.get(key), changed.get(key), pending)
    return found


def build_history(editions: tuple[Edition, ...], notes: tuple[Note, ...], judgements: tuple[Judgement, ...] = ()) -> History:
    """The history of the brief from its editions (oldest first), its notes and its judgements."""
    by_slug = {note.slug: note for note in notes}
    by_judgement = {j.slug: j for j in judgements}
    changes = tuple(compare(e, editions[i - 1] if i else None, by_slug, by_judgement) for i, e in enumerate(editions))
    current = editions[-1] if editions else None
    cutoff = max((n.date for n in notes), key=lambda d: d.sort_key, default=None)
    fallback = current.date if current else (_day(cutoff) if cutoff else None)
    return History(editions, changes, compare(None, current, by_slug, by_judgement),
                   publications(editions, (*notes, *judgements)), fallback)


def _day(date: PartialDate) -> PartialDate:
    """A date to the day: the last day of a month-precision date (nothing is dated before it)."""
    last = date.last_day()
    return PartialDate(last.year, last.month, last.day)
