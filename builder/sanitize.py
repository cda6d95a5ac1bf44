"""Sanitize once, for every output and every input: an allow-list HTML cleaner (nh3) and safe URLs.

Site pages, feeds and the PDF all take note HTML from here, and ingest reduces articles and
feed entries to text here, so nothing a note or a feed carries can execute in a reader's
browser or escape its box.
"""
from __future__ import annotations

import html
import re
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "q", "s", "strong", "sub", "sup", "table",
    "tbody", "td", "th", "thead", "tr", "ul", "span",
}
ATTRIBUTES = {"a": {"href", "title", "class"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"},
              "ol": {"start"}, "span": {"class"}, "code": {"class"}}
WEB_SCHEMES = ("http", "https")
SCHEMES = {*WEB_SCHEMES, "mailto"}


def is_web_address(url: str) -> bool:
    """An absolute http(s) address with a host: what sources, feeds and the site's own address must be."""
    parts = urlsplit(url)
    return parts.scheme in WEB_SCHEMES and bool(parts.netloc)


def clean_html(fragment: str) -> str:
    """Allow-listed HTML: no script, style, iframe, event handler or javascript: URL survives."""
    return nh3.clean(
        fragment,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def safe_url(url: str) -> str:
    """The URL if it is http(s), mailto or relative; '' otherwise."""
    url = url.strip()
    if not url or not url.isprintable():  # control characters hide schemes from simple checks
        return ""
    scheme = urlsplit(url).scheme.lower()
    if scheme and scheme not in SCHEMES:
        return ""
    return url


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment, tags removed and entities decoded (for summaries and feeds)."""
    return " ".join(html.unescape(nh3.clean(fragment, tags=set())).split())


_JOINERS = "\u200c\u200d"
_BRACKETS = str.maketrans({"<": "\u2039", ">": "\u203a"})


def display_title(title: str) -> str:
    """A title safe where themes print it unescaped (MkDocs page titles, Material's header).

    Angle brackets become ‹ › so no title can open a tag, even after a template unescapes it.
    """
    if not title.isprintable():  # the zero-width (non-)joiners are spelling in Persian: kept
        title = "".join(ch for ch in title if ch.isprintable() or ch in _JOINERS)
    return title.translate(_BRACKETS)


_OPEN_QUOTE = re.compile(r'(^|[\s(\[{—–-])["“]')
_WRAPPED = re.compile(r'^\s*["“](?P<inner>[^"“”]*)["”]\s*$')


def nested_quotes(text: str) -> str:
    """Text to print between “ and ”: its own double quotes become single ones.

    A title that ends with a quotation would otherwise end with two closing marks
    (`…the “regional storm””`); one already wrapped whole in quotes loses that wrapping.
    """
    wrapped = _WRAPPED.match(text)
    if wrapped:
        return wrapped.group("inner").strip()
    text = _OPEN_QUOTE.sub(lambda m: m.group(1) + "‘", text)
    return text.replace("“", "‘").replace('"', "’").replace("”", "’")


# Ingest: articles and feed entries become plain text before they are written into a draft.
_SCRIPT_URL = re.compile(r"\b(java|vb)script\s*:", re.IGNORECASE)
# Invisible characters that hide or reorder text. The zero-width (non-)joiners U+200C and U+200D stay:
# Persian spells with them ('می‌گوید').
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
_BLOCKS = {"p", "br", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "pre"}
_BLOCK_END = re.compile(r"<\s*(?:br\s*/?|/(?:p|div|li|h[1-6]|blockquote|tr|pre))\s*>", re.IGNORECASE)


def safe_text(fragment: str, *, is_html: bool = True) -> str:
    """Text that cannot become markup: tags (and script bodies) dropped, '<' escaped, script: URLs defused.

    Entities are decoded by `plain_text`, so an encoded '&lt;script&gt;' would become a
    tag again: the '<' that survive are written as '&lt;', which Markdown shows as '<'.
    """
    text = plain_text(fragment) if is_html else " ".join(fragment.split())
    text = _CONTROL.sub("", text).replace("<", "&lt;")
    return _SCRIPT_URL.sub(lambda m: f"{m.group(1)}script&#58;", text)


def safe_title(fragment: str) -> str:
    """A one-line title from text or HTML: no tags, angle brackets shown as ‹ ›, script: URLs defused."""
    text = display_title(_CONTROL.sub("", plain_text(fragment)))
    return _SCRIPT_URL.sub(lambda m: f"{m.group(1)}script&#58;", text)


def html_paragraphs(fragment: str) -> list[str]:
    """An HTML fragment as paragraphs of safe text (no script, handler or javascript: survives)."""
    blocks = nh3.clean(fragment, tags=_BLOCKS, attributes={}, strip_comments=True)
    return [p for p in (safe_text(part) for part in _BLOCK_END.split(blocks)) if p]


# --- what the cleaner removed, in words (for `brief check`) -----------------------------------------

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "cite", "xlink:href", "srcset"}
_WHY = {
    "script": "scripts never run in the brief; delete it (or put it in `backticks` to show it as code)",
    "style": "styles come from the theme; delete it",
    "img": "images are not published; link to the image instead",
    "svg": "images are not published; link to the image instead",
    "iframe": "embedded pages are never published; link to the page instead",
    "object": "embedded pages are never published; link to the page instead",
    "embed": "embedded pages are never published; link to the page instead",
    "h1": "the title is the page's only top-level heading; use '##'",
}


class _Tags(HTMLParser):
    """Start tags with their attributes and 1-based lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, tuple[tuple[str, str], ...]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((self.getpos()[0], tag, tuple((name, value or "") for name, value in attrs)))

    handle_startendtag = handle_starttag


def _tags(fragment: str) -> list[tuple[int, str, tuple[tuple[str, str], ...]]]:
    parser = _Tags()
    parser.feed(fragment)
    parser.close()
    return parser.found


def removed(fragment: str) -> list[tuple[int, str]]:
    """What `clean_html` takes out of `fragment`: (1-based line, 'removed …: why; how to fix') for each
    element, attribute or link address, found by comparing the tags before and after cleaning."""
    kept_tags: Counter = Counter()
    kept_attributes: Counter = Counter()
    for _line, tag, attrs in _tags(clean_html(fragment)):
        kept_tags[tag] += 1
        kept_attributes.update((tag, name, value) for name, value in attrs)
    out = []
    for line, tag, attrs in _tags(fragment):
        if kept_tags[tag] <= 0:
            out.append((line, f"removed <{tag}>: {_WHY.get(tag, 'not an allowed tag; use Markdown instead')}"))
            continue
        kept_tags[tag] -= 1
        for name, value in attrs:
            if kept_attributes[(tag, name, value)] > 0:
                kept_attributes[(tag, name, value)] -= 1
            elif name in URL_ATTRIBUTES:
                what = "a link" if tag == "a" else f"<{tag}>"
                out.append((line, f"removed the address '{value[:80]}' of {what}: only {', '.join(sorted(SCHEMES))} "
                                  "and relative links are kept; give the page's address"))
            elif name.startswith("on"):
                out.append((line, f"removed {name}= of <{tag}>: event handlers never run in the brief; delete it"))
            else:
                out.append((line, f"removed {name}= of <{tag}>: not an allowed attribute; delete it"))
    return out
