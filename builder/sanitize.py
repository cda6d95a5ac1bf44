"""Sanitize once, for every output: an allow-list HTML cleaner (nh3) and safe URLs.

Site pages, feeds and the PDF all take note HTML from here, so nothing a note or a feed
carries can execute in a reader's browser or escape its box.
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
SCHEMES = {"http", "https", "mailto"}


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
