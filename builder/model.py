"""The domain: one frozen dataclass per concept, real dates and tuples."""
from __future__ import annotations

import functools
from dataclasses import dataclass, field, fields

from .dates import PartialDate
from .frontmatter import Document
from .problems import Problem, errors
from .grades import UNGRADED_CREDIBILITY, UNGRADED_RELIABILITY, letter_rank
from .memo import derived, kept

@dataclass(frozen=True, slots=True)
class Kind:
    """A kind of registry entry (countries, actors, sources, tags): one row of KINDS."""

    name: str  # the key: Term.kind, and the note field that lists names of this kind
    singular: str  # 'country', in messages and descriptions
    title: str  # 'Countries', in headings and the navigation
    folder: str  # content/<folder>/ holds the registry; /<folder>/<slug>/ and feeds/<folder>/ are its pages
    listed: bool = True  # notes list its names under `<name>:`; sources are not listed but cited
    affiliated: bool = True  # its entries may name a country as their `affiliation`
    category: str = ""  # the default `kind:` of its entries
    # Notes may name only registered entries. False (tags): a name a note lists makes the entry,
    # and a registry file is optional (a description, aliases).
    registered: bool = True
    # Its entries are names a note's text mentions: linked there, found by ingest, listed under
    # "Names in this note". False for themes (tags), which only a note's field gives.
    named: bool = True


# Every loop over kinds reads this table: a new kind is a row (and its registry folder).
KINDS: tuple[Kind, ...] = (
    Kind("countries", "country", "Countries", "countries", affiliated=False, category="country"),
    Kind("actors", "actor", "Actors", "actors"),
    Kind("sources", "source", "Sources", "sources", listed=False),
    Kind("tags", "tag", "Tags", "tags", affiliated=False, registered=False, named=False),
)
AFFILIATIONS = "countries"  # the kind an entry's `affiliation` names


def kind_of(name: str) -> Kind:
    """The row of KINDS called `name`."""
    found = _BY_NAME.get(name)
    if found is None or found not in KINDS:  # KINDS may be replaced (tests add a kind): look again
        found = _BY_NAME[name] = next(k for k in KINDS if k.name == name)
    return found


_BY_NAME: dict[str, Kind] = {}


def counted(n: int, one: str, many: str | None = None) -> str:
    """'1 note', '21 notes', '1 registry entry': a count with its noun in the right number."""
    return f"{n} {one if n == 1 else many or one + 's'}"


def count_terms(terms: tuple[Term, ...]) -> str:
    """'43 registry entries, 33 tags': the registered entries, then each kind notes alone make."""
    counts = [counted(sum(kind_of(t.kind).registered for t in terms), "registry entry", "registry entries")]
    for kind in (k for k in KINDS if not k.registered):
        n = sum(t.kind == kind.name for t in terms)
        counts.append(counted(n, kind.singular, kind.title.lower()))
    return ", ".join(counts)


def listed_kinds() -> tuple[Kind, ...]:
    """The kinds notes list by name (countries, actors), in table order."""
    return tuple(k for k in KINDS if k.listed)


@dataclass(frozen=True, slots=True)
class Term:
    """A registered entity: a country, an actor (person or organization) or a source."""

    kind: str  # a Kind's name
    slug: str
    name: str
    aliases: tuple[str, ...] = ()
    category: str = ""  # person, government, armed group, outlet, think tank …
    affiliation: str = ""  # a country's name, resolved
    role: str = ""
    url: str = ""
    profile: str = ""  # Markdown
    path: str = ""  # content file, for messages
    reliability: str = ""  # sources: A–F (grades.RELIABILITY), '' when not graded

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.slug)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@kept
@dataclass(frozen=True, slots=True)
class SourceRef:
    """One citation of a note: which outlet, where and when it published."""

    source: Term
    url: str = ""
    published: PartialDate | None = None  # None: the article carries no date
    title: str = ""
    via: Term | None = None
    archived: str = ""
    relays: Term | None = None  # the registered source whose reporting this article repeats
    reliability: str = ""  # A–F: the citation's own grade, else its source's ('' when neither is graded)

    @property
    def origin(self) -> Term:
        """The source this citation counts as: the relayed one, else its own (a `via` carrier never counts)."""
        return self.relays or self.source


@dataclass(frozen=True, slots=True)
class Figure:
    """A number a note carries in structured form, e.g. drone attacks in a month."""

    series: str
    period: PartialDate
    value: float
    unit: str = ""
    covers: str = ""  # the part of the period the value covers, when not all of it ("1 to mid-October")

    @property
    def partial(self) -> bool:
        return bool(self.covers)

    @property
    def value_text(self) -> str:
        return number_text(self.value)


def number_text(value: float) -> str:
    """'1,250' for whole numbers, '2.5' otherwise: figures and chart axes alike."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


@kept
@dataclass(frozen=True, slots=True)
class Note:
    """One reported development."""

    slug: str
    title: str
    date: PartialDate
    precision: str  # day | month | approximate
    sources: tuple[SourceRef, ...]
    body: str  # Markdown, as the analyst wrote it
    summary: str
    listed: tuple[tuple[str, tuple[Term, ...]], ...] = ()  # (kind name, terms) for each listed kind
    figures: tuple[Figure, ...] = ()
    disputed: str = ""
    path: str = ""
    draft: bool = False
    credibility: int | None = None  # 1–6 (grades.CREDIBILITY), None when not graded
    see_also: tuple[str, ...] = ()  # slugs of notes on the same development, linked both ways
    disputed_by: tuple[Term, ...] = ()  # who disputes the claim (registry entries)
    disputed_citation: int | None = None  # 1-based number of the citation whose claim is disputed
    digest: str = ""  # the content hash editions record (frontmatter.content_digest)
    # values derived from the fields above, made once per note (its hash, terms, sort key): never compared
    _derived: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __hash__(self) -> int:  # every memo of the build is keyed by notes: the hash of all fields, once
        return self._hash

    @derived
    def _hash(self) -> int:
        return hash(tuple(getattr(self, name) for name in _NOTE_FIELDS))

    def named(self, kind: str) -> tuple[Term, ...]:
        """The terms of one listed kind, as the note lists them."""
        return next((terms for name, terms in self.listed if name == kind), ())

    @property
    def countries(self) -> tuple[Term, ...]:
        return self.named("countries")

    @property
    def actors(self) -> tuple[Term, ...]:
        return self.named("actors")

    @property
    def tags(self) -> tuple[Term, ...]:
        return self.named("tags")

    @derived
    def listed_terms(self) -> tuple[Term, ...]:
        """Every entry the note lists (countries, actors, then tags)."""
        return tuple(term for _, terms in self.listed for term in terms)

    @derived
    def named_terms(self) -> tuple[Term, ...]:
        """The entities the note names (countries, then actors; not its tags): what its text links."""
        return tuple(term for name, terms in self.listed if kind_of(name).named for term in terms)

    @derived
    def terms(self) -> tuple[Term, ...]:
        """Every entity the note is filed under: the listed ones, then its sources (carriers,
        relayed sources and disputing parties included)."""
        seen: dict[tuple[str, str], Term] = {}
        for term in (*self.listed_terms, *(ref.source for ref in self.sources),
                     *(ref.via for ref in self.sources if ref.via), *(ref.relays for ref in self.sources if ref.relays),
                     *self.disputed_by):
            seen.setdefault(term.key, term)
        return tuple(seen.values())

    @property
    def independent_sources(self) -> tuple[Term, ...]:
        """The sources that reported this independently: a carrier is the same reporting, a source
        cited twice counts once, and an article that relays another source counts as that source."""
        seen: dict[tuple[str, str], Term] = {}
        for ref in self.sources:
            seen.setdefault(ref.origin.key, ref.origin)
        return tuple(seen.values())

    @property
    def single_source(self) -> bool:
        return len(self.independent_sources) == 1

    @property
    def reliability(self) -> str:
        """The best letter among the note's citations; F when none is graded."""
        letters = [ref.reliability or UNGRADED_RELIABILITY for ref in self.sources] or [UNGRADED_RELIABILITY]
        return min(letters, key=letter_rank)

    @property
    def grade(self) -> str:
        """'B2': the best independent source's reliability and the note's credibility (F and 6 when missing)."""
        return f"{self.reliability}{self.credibility or UNGRADED_CREDIBILITY}"

    @derived
    def sort_key(self) -> tuple:
        """Oldest first; reversed, the timeline's newest first. A total order, never disk order.

        Within a month, notes known to the day (or approximately to the day) sort by day. A
        note known only to the month sorts as day 0: below the month's dated notes when newest
        first, because it may be from any day of the month and the brief should not present it
        as later than a dated one. Notes of the same date read A to Z by title in newest-first
        lists (the title key is inverted, so reversing the whole order keeps titles ascending).
        """
        return (self.date.sort_key, _Inverted(self.title), _Inverted(self.slug))

    @property
    def date_text(self) -> str:
        text = self.date.display()
        return f"c. {text}" if self.precision == "approximate" else text


_NOTE_FIELDS = tuple(f.name for f in fields(Note) if f.compare)


def newest_first(notes: list[Note] | tuple[Note, ...]) -> tuple[Note, ...]:
    """Notes in the timeline's order: `sorted(notes, key=Note.sort_key, reverse=True)`, made faster.

    Two stable sorts give the same order without comparing inverted titles one by one: titles and
    slugs A to Z, then dates newest first (Python's reversed sort keeps equal items in order).
    """
    ordered = sorted(notes, key=lambda n: (n.title, n.slug))
    ordered.sort(key=lambda n: n.date.sort_key, reverse=True)
    return tuple(ordered)


@functools.total_ordering
@dataclass(frozen=True, slots=True)
class _Inverted:
    """A text that sorts in reverse: the tie-break that reads A to Z in a reversed sort."""

    text: str

    def __lt__(self, other: _Inverted) -> bool:
        return self.text > other.text


@dataclass(frozen=True, slots=True)
class Judgement:
    """A key judgement: one sentence, how likely (ICD 203) and how confident, and the notes it rests on."""

    slug: str
    title: str
    likelihood: str  # a term of estimative.SCALES
    confidence: str  # low | moderate | high
    supports: tuple[Note, ...]
    date: PartialDate  # when the judgement was made
    order: int = 0
    body: str = ""  # Markdown: the reasoning, and the indicators that would change it
    path: str = ""
    digest: str = ""  # the content hash editions record (frontmatter.content_digest)

    @property
    def sort_key(self) -> tuple:
        """By `order`, then newest first, then slug."""
        year, month, day = self.date.sort_key
        return (self.order, -year, -month, -day, self.slug)


@dataclass(frozen=True, slots=True)
class Page:
    """A hand-written page (about, method …)."""

    slug: str
    title: str
    body: str
    path: str = ""
    order: int = 0


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """What the outputs need to know about the site, read from mkdocs.yml."""

    title: str
    description: str
    url: str  # absolute, ends with '/'; '' when not configured
    marking: str = "INTERNAL"
    feed_items: int = 50
    author: str = ""
    language: str = "en"


@dataclass(frozen=True, slots=True)
class Draft:
    """An inbox draft as checked: its document (None when unreadable), the note it would become
    (None while it has errors) and its own problems, with the severity they have for a note."""

    path: str
    doc: Document | None
    note: Note | None
    problems: tuple[Problem, ...]

    @property
    def slug(self) -> str:
        return self.path.rsplit("/", 1)[-1].removesuffix(".md")

    @property
    def meta(self) -> dict:
        return self.doc.meta if self.doc else {}

    @property
    def ingest(self) -> dict:
        """What `brief ingest` recorded: origin, dedupe keys, proposed names, near-duplicate."""
        value = self.meta.get("ingest")
        return value if isinstance(value, dict) else {}

    @property
    def near(self) -> dict:
        value = self.ingest.get("near_duplicate")
        return value if isinstance(value, dict) else {}

    @property
    def errors(self) -> list[Problem]:
        return errors(list(self.problems))


@dataclass(frozen=True, slots=True)
class Recorded:
    """A judgement as an edition recorded it: enough to name it and to tell what moved."""

    title: str
    likelihood: str
    confidence: str
    digest: str


@dataclass(frozen=True, slots=True)
class Edition:
    """A published edition (content/editions/<date>.yml): the content hash of every note and
    judgement it held, so later builds know what was published when."""

    date: PartialDate  # always to the day
    title: str
    notes: dict = field(default_factory=dict, compare=False, hash=False)  # slug -> digest
    judgements: dict = field(default_factory=dict, compare=False, hash=False)  # slug -> Recorded
    path: str = ""

    @property
    def slug(self) -> str:
        return self.date.iso()


@dataclass(frozen=True, slots=True)
class Content:
    """Everything read and validated from content/."""

    notes: tuple[Note, ...]
    terms: tuple[Term, ...]
    pages: tuple[Page, ...] = ()
    drafts: tuple[Draft, ...] = field(default=())  # every file in content/inbox/, in path order
    judgements: tuple[Judgement, ...] = ()
    editions: tuple[Edition, ...] = ()  # oldest first
