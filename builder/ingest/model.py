"""What ingest reads from a raw article or feed entry, before it becomes a draft note."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..dates import PartialDate
from ..frontmatter import MAX_BYTES
from ..sanitize import display_title, plain_text

# Caps: a feed larger than MAX_DOCUMENT_BYTES is cut (with a warning) before it is read; a saved
# article larger than MAX_TEXT_BYTES (the limit of every content file) is refused whole; an
# entry's text longer than MAX_ENTRY_CHARS is cut, so one hostile input cannot fill the inbox.
MAX_DOCUMENT_BYTES = 2_000_000
MAX_TEXT_BYTES = MAX_BYTES
MAX_ENTRY_CHARS = 40_000
MAX_ENTRIES = 500
MAX_SUMMARY_CHARS = 600


@dataclass(frozen=True, slots=True)
class Article:
    """One article or feed entry as read: clean text, its date and the hints about its source."""

    origin: str  # the file, URL or 'feed#entry' it came from, for messages
    title: str
    paragraphs: tuple[str, ...]
    date: PartialDate | None = None
    undated: str = ""  # why there is no date, when there is none
    published_at: str = ""  # the full timestamp, when the text gives a time
    url: str = ""  # the article's own address (a dedupe key)
    guid: str = ""  # a feed entry's id (a dedupe key)
    outlet: str = ""  # the outlet the text names as its carrier (dateline, feed title)
    outlet_url: str = ""  # the outlet's address (a trailing 'shafaq.com', the feed's link)
    summary: str = ""
    notes: tuple[str, ...] = ()  # what cleaning did: furniture removed, repeats, caps

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


_SCRIPT_URL = re.compile(r"\b(java|vb)script\s*:", re.IGNORECASE)
# Invisible characters that hide or reorder text. The zero-width (non-)joiners U+200C and U+200D stay:
# Persian spells with them ('می‌گوید').
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")


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
