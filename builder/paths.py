"""One place for every output path and URL.

Pages are addressed by their docs path ('notes/<slug>.md'); URLs follow MkDocs'
`use_directory_urls` (True for the site, False for the file:// offline copy).
"""
from __future__ import annotations

import posixpath
from collections.abc import Iterable

from .model import Edition, Judgement, Note, Term, kind_of

FEEDS = "feeds"
FEED_FORMATS = {"rss": "rss.xml", "atom": "atom.xml", "json": "feed.json"}
PDF = "brief.pdf"
DATA = "data"
DATA_FILES = ("events.csv", "events.json", "judgements.json", "timeline.json")


def home() -> str:
    return "index.md"


def timeline(year: int | None = None, part: int = 1) -> str:
    """The timeline of the current year ('timeline.md', served at /timeline/), of an earlier `year`,
    or a further part of a year too long for one page ('timeline/2024/2.md')."""
    if part > 1:
        return f"timeline/{year:04d}/{part}.md"
    return "timeline.md" if year is None else f"timeline/{year:04d}.md"


def note(item: Note | str) -> str:
    return f"notes/{item if isinstance(item, str) else item.slug}.md"


def term(item: Term) -> str:
    return f"{kind_of(item.kind).folder}/{item.slug}.md"


def kind_index(kind: str) -> str:
    """The index page of the kind named `kind`: 'countries/index.md'."""
    return f"{kind_of(kind).folder}/index.md"


def judgements() -> str:
    return "judgements/index.md"


def judgement(item: Judgement | str) -> str:
    return f"judgements/{item if isinstance(item, str) else item.slug}.md"


def grades() -> str:
    """The legend of the grades and estimative words, beside the method page."""
    return "method/grades.md"


GRADES_ANCHORS = {"reliability": "source-reliability", "credibility": "information-credibility",
                  "corroboration": "independent-sources", "likelihood": "likelihood", "confidence": "confidence"}


def page(slug: str) -> str:
    return f"{slug}.md"


def inbox() -> str:
    return "inbox.md"


def editions() -> str:
    return "editions/index.md"


def edition(item: Edition | str) -> str:
    """'editions/2024-11-30.md': an edition's page, by its date."""
    return f"editions/{item if isinstance(item, str) else item.slug}.md"


def data(name: str) -> str:
    """'data/events.csv': the brief as data, one of DATA_FILES."""
    return f"{DATA}/{name}"


def feed(fmt: str, item: Term | None = None) -> str:
    """'feeds/rss.xml' for the brief, 'feeds/actors/<slug>.rss.xml' for an entity."""
    name = FEED_FORMATS[fmt]
    return f"{FEEDS}/{name}" if item is None else f"{FEEDS}/{kind_of(item.kind).folder}/{item.slug}.{name}"


def url(path: str, directory_urls: bool = True) -> str:
    """Site-relative URL of a docs path: 'notes/x.md' -> 'notes/x/' (or 'notes/x.html')."""
    if not path.endswith(".md"):
        return path
    stem = path[:-3]
    if stem == "index" or stem.endswith("/index"):
        base = stem[: -len("index")]
        return base if directory_urls else f"{base}index.html"
    return f"{stem}/" if directory_urls else f"{stem}.html"


def relative(from_path: str, to_path: str, directory_urls: bool = True, fragment: str = "") -> str:
    """URL of `to_path` as seen from the page at `from_path`, for links in raw HTML.

    Always up to the site root and down again ('../../countries/iraq/'): valid from any page,
    cheap (it runs for every link of every page) and the same for every page at one depth,
    so rendered entries can be shared between pages.
    """
    anchor = f"#{fragment}" if fragment else ""
    if from_path == to_path:
        return ("./" if directory_urls else url(to_path, False).rsplit("/", 1)[-1]) + anchor
    return (_prefix(from_path, directory_urls) + url(to_path, directory_urls) or "./") + anchor


def depth(from_path: str, directory_urls: bool = True) -> int:
    """How many folders deep the page at `from_path` is served."""
    return url(from_path, directory_urls).count("/")


def _prefix(from_path: str, directory_urls: bool) -> str:
    return "../" * depth(from_path, directory_urls)


def every_page(notes: Iterable[str], terms: Iterable[Term], pages: Iterable[str], kinds: Iterable[str],
               judgement_slugs: Iterable[str] = ()) -> list[str]:
    """The docs path of every page and file a link may point to: what the checker resolves body links against."""
    terms = tuple(terms)
    return [home(), timeline(), PDF, judgements(), grades(), *(judgement(slug) for slug in judgement_slugs),
            *(kind_index(kind) for kind in kinds), *(note(slug) for slug in notes),
            *(term(item) for item in terms), *(page(slug) for slug in pages),
            *(feed(fmt, item) for fmt in FEED_FORMATS for item in (None, *terms))]
