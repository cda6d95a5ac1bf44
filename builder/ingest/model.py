"""What ingest reads from a raw article or feed entry, before it becomes a draft note."""
from __future__ import annotations

from dataclasses import dataclass

from ..dates import PartialDate
from ..frontmatter import MAX_BYTES

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
    author: str = ""  # the byline a web page's metadata gives
    tags: tuple[str, ...] = ()  # tags of the subscribed feed it came from (content/feeds.yml)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)
