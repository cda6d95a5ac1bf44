"""Sanitize once, for every output: an allow-list HTML cleaner (nh3) and safe URLs.

Site pages, feeds and the PDF all take note HTML from here, so nothing a note or a feed
carries can execute in a reader's browser or escape its box.
"""
from __future__ import annotations

import html
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


_JOINERS = "\u200c\u200d"
_BRACKETS = str.maketrans({"<": "\u2039", ">": "\u203a"})


def display_title(title: str) -> str:
    """A title safe where themes print it unescaped (MkDocs page titles, Material's header).

    Angle brackets become ‹ › so no title can open a tag, even after a template unescapes it.
    """
    if not title.isprintable():  # the zero-width (non-)joiners are spelling in Persian: kept
        title = "".join(ch for ch in title if ch.isprintable() or ch in _JOINERS)
    return title.translate(_BRACKETS)
