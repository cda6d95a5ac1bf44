"""The domain: one frozen dataclass per concept, real dates and tuples."""
from __future__ import annotations

from dataclasses import dataclass, field

from .dates import PartialDate
from .grades import UNGRADED_CREDIBILITY, UNGRADED_RELIABILITY, letter_rank

KINDS = ("countries", "actors", "sources")
KIND_SINGULAR = {"countries": "country", "actors": "actor", "sources": "source"}
KIND_TITLES = {"countries": "Countries", "actors": "Actors", "sources": "Sources"}


@dataclass(frozen=True, slots=True)
class Term:
    """A registered entity: a country, an actor (person or organization) or a source."""

    kind: str  # one of KINDS
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
        return f"{self.value:,.0f}" if float(self.value).is_integer() else f"{self.value:,}"


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
    countries: tuple[Term, ...] = ()
    actors: tuple[Term, ...] = ()
    tags: tuple[str, ...] = ()
    figures: tuple[Figure, ...] = ()
    disputed: str = ""
    path: str = ""
    draft: bool = False
    credibility: int | None = None  # 1–6 (grades.CREDIBILITY), None when not graded
    see_also: tuple[str, ...] = ()  # slugs of notes on the same development, linked both ways
    disputed_by: tuple[Term, ...] = ()  # who disputes the claim (registry entries)
    disputed_citation: int | None = None  # 1-based number of the citation whose claim is disputed
    digest: str = ""  # the content hash editions record (frontmatter.content_digest)

    @property
    def terms(self) -> tuple[Term, ...]:
        """Every entity the note is filed under: countries, actors, then sources (carriers, relayed
        sources and disputing parties included)."""
        seen: dict[tuple[str, str], Term] = {}
        for term in (*self.countries, *self.actors, *(ref.source for ref in self.sources),
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

    @property
    def sort_key(self) -> tuple:
        """Newest first when reversed; a total order so output never depends on disk order."""
        return (self.date.sort_key, self.title, self.slug)

    @property
    def date_text(self) -> str:
        text = self.date.display()
        return f"c. {text}" if self.precision == "approximate" else text


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
    drafts: tuple[Note, ...] = field(default=())
    judgements: tuple[Judgement, ...] = ()
    editions: tuple[Edition, ...] = ()  # oldest first
