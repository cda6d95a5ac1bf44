"""Saved web pages and article addresses: the main text, the date and the metadata of one page.

The main text is trafilatura's (navigation, cookie banners, share bars, teasers, related
stories and comments are left out); the publication date is htmldate's, read from the
page's metadata (`article:published_time`, JSON-LD `datePublished`, `<time datetime>`),
never from date-looking lines in the text. Title, author, site name and canonical address
come from the page's metadata too. The text is reduced to safe text like every other
input; a page with no article text left is a PageError naming why, never an empty draft.
Both libraries are imported when a page is read, so other commands do not wait for them.
"""
from __future__ import annotations

import codecs
import re

from ..dates import DateError, parse_date
from ..model import counted
from ..sanitize import safe_text, safe_title
from .model import MAX_ENTRY_CHARS, Article
from .text import _FURNITURE as FURNITURE_LINE  # one list of furniture lines for text and pages
from ..registry import normalize
from ..sanitize import safe_url

MIN_TEXT_CHARS = 200  # less is a section front, a consent or pay wall, or a page that failed to save
# htmldate checks dates against a window that ends today by default; a fixed window keeps the
# result independent of the day ingest runs.
DATE_WINDOW = ("1995-01-01", "2200-12-31")
# WHATWG: pages labelled Latin-1 or ASCII are decoded as windows-1252, as browsers do.
_ALIASES = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
            "us-ascii": "cp1252", "ascii": "cp1252", "iso-8859-9": "cp1254", "tis-620": "cp874"}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.\-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b", re.IGNORECASE | re.DOTALL)


class PageError(Exception):
    """A page that cannot be read or holds no article; the message says why and what to do."""


def looks_like_page(data: bytes) -> bool:
    """An HTML document (by its first tag), as opposed to a feed or a text file."""
    return bool(_HTML_START.match(data[:2048].lstrip(b"\xef\xbb\xbf")))


def decode_page(data: bytes) -> str:
    """The page as text, in the encoding it declares (BOM, <meta charset>, XML declaration), else UTF-8."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    head = data[:4096]
    declared = _XML_ENCODING.match(head) or _CHARSET.search(head)
    label = declared.group(1).decode("ascii").lower() if declared else "utf-8"
    try:
        codec = codecs.lookup(_ALIASES.get(label, label)).name
    except LookupError:
        raise PageError(f"the page declares the encoding '{label}', which is not known; re-save it as UTF-8") from None
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        said = f"declares {label}" if declared else "declares no encoding"
        raise PageError(f"the page {said} but byte {exc.start:,} (0x{data[exc.start]:02x}) is not {codec}; "
                        "re-save the page from the browser (it keeps the encoding), or as UTF-8") from None


def read_page(data: bytes, origin: str, address: str = "") -> Article:
    """One article page as an Article: main text, metadata date, title, author, site name, canonical URL."""
    import trafilatura
    html = _XML_DECLARATION.sub("", decode_page(data), count=1)  # lxml refuses text that declares bytes
    date, undated = _date(html, address)
    extracted = trafilatura.bare_extraction(
        html, url=address or None, with_metadata=True, include_comments=False, include_tables=True,
        include_links=False, include_images=False, favor_precision=True,
        date_extraction_params={"extensive_search": False, "original_date": True,
                                "min_date": DATE_WINDOW[0], "max_date": DATE_WINDOW[1]})
    meta = extracted.as_dict() if extracted is not None else {}
    title = safe_title(meta.get("title") or "")
    paragraphs, notes = _paragraphs(meta.get("text") or "", title)
    size = sum(len(p) for p in paragraphs)
    if size < MIN_TEXT_CHARS:
        raise PageError(f"no article text could be extracted ({size} characters after removing the page's "
                        "navigation, banners and comments); is this the article's own page? Save the page of "
                        "the article itself, or paste its text into a .txt file")
    url = safe_url(meta.get("url") or "") or safe_url(address)
    site = safe_title(meta.get("sitename") or "")
    host = safe_title(meta.get("hostname") or "")
    if not title:
        first = paragraphs[0]
        title = first if len(first) <= 110 else first[:110].rsplit(" ", 1)[0] + " …"
        notes.append("the page has no title: the title is the start of its text; write a headline")
    return Article(origin, title, tuple(paragraphs), date=date, undated=undated, url=url if url.startswith("http") else "",
                   outlet=site or host.removeprefix("www."), outlet_url=f"https://{host}" if host else "",
                   author=safe_title(meta.get("author") or ""), notes=tuple(notes))


def _date(html: str, address: str) -> tuple:
    """(date, why undated) from the page's metadata."""
    import htmldate
    found = htmldate.find_date(html, extensive_search=False, original_date=True, outputformat="%Y-%m-%d",
                               url=address or None, min_date=DATE_WINDOW[0], max_date=DATE_WINDOW[1])
    if found:
        try:
            return parse_date(found), ""
        except DateError:
            pass
    return None, ("the page's metadata gives no publication date (no article:published_time, JSON-LD "
                  "datePublished or <time datetime>); find the date on the page and write it")


def _paragraphs(text: str, title: str) -> tuple[list[str], list[str]]:
    """The extracted lines as safe paragraphs: the headline repeated, furniture lines, and repeats dropped."""
    kept: list[str] = []
    seen = {normalize(title)}
    dropped, total, notes = 0, 0, []
    for line in text.split("\n"):
        line = safe_text(line, is_html=False)
        if not line:
            continue
        if normalize(line) in seen or FURNITURE_LINE.fullmatch(line):
            dropped += 1
            continue
        if total + len(line) > MAX_ENTRY_CHARS:
            notes.append(f"the text was cut to its first {MAX_ENTRY_CHARS:,} characters")
            break
        seen.add(normalize(line))
        kept.append(line)
        total += len(line)
    if dropped:
        notes.insert(0, f"removed {counted(dropped, 'repeated or furniture line')} left by the extractor")
    return kept, notes
