"""Sanitize once, for every output and every input: an allow-list HTML cleaner (nh3) and safe URLs.

Site pages, feeds and the PDF all take note HTML from here, and ingest reduces articles and
feed entries to text here, so nothing a note or a feed carries can execute in a reader's
browser or escape its box.
"""
from __future__ import annotations

import html
import re
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


_BRACKETS = str.maketrans({"<": "\u2039", ">": "\u203a"})


def display_title(title: str) -> str:
    """A title safe where themes print it unescaped (MkDocs page titles, Material's header).

    Angle brackets become ‹ › so no title can open a tag, even after a template unescapes it.
    """
    if not title.isprintable():
        title = "".join(ch for ch in title if ch.isprintable())
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
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028\u2029\u202a-\u202e\ufeff]")
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
