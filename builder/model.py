"""The domain: one frozen dataclass per concept, real dates and tuples."""
from __future__ import annotations

from dataclasses import dataclass, field

from .dates import PartialDate

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


@dataclass(frozen=True, slots=True)
class Figure:
    """A number a note carries in structured form, e.g. drone attacks in a month."""

    series: str
    period: PartialDate
    value: float
    unit: str = ""

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
    digest: str = ""  # the content hash editions record (frontmatter.content_digest)

    @property
    def terms(self) -> tuple[Term, ...]:
        """Every entity the note is filed under: countries, actors, then sources."""
        seen: dict[tuple[str, str], Term] = {}
        for term in (*self.countries, *self.actors, *(ref.source for ref in self.sources),
                     *(ref.via for ref in self.sources if ref.via)):
            seen.setdefault(term.key, term)
        return tuple(seen.values())

    @property
    def sort_key(self) -> tuple:
        """Newest first when reversed; a total order so output never depends on disk order."""
        return (self.date.sort_key, self.title, self.slug)

    @property
    def date_text(self) -> str:
        text = self.date.display()
        return f"c. {text}" if self.precision == "approximate" else text


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
    editions: tuple[Edition, ...] = ()  # oldest first
