"""Text articles saved from web pages: title, date line, source hints, and a body without furniture.

The cleaning is a list of small steps over lines and paragraphs, each of which says what
it removed, so the draft can tell the analyst what was done to the saved text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..dates import DateError, PartialDate, moment, parse_date
from ..model import counted
from .model import MAX_ENTRY_CHARS, Article
from ..sanitize import safe_text, safe_title, safe_url

MAX_TITLE = 150
HEAD_LINES = 6  # date lines are looked for among the first lines and the last ones
TAIL_LINES = 3

# Page furniture: whole lines that belong to the web page, not to the article.
_FURNITURE = re.compile(
    r"(no time to read\??|get a summary|share( this( article| story)?)?( on \w+)?|tweet|print|e-?mail|copy link"
    r"|subscribe( now| to .{0,60})?|sign up( for .{0,60})?|follow us( on .{0,60})?|advertisement|sponsored"
    r"|click here( to .{0,60})?|read more:?|listen to (this )?article|\d+ min(ute)?s? read"
    r"|facebook|twitter|whatsapp|telegram|linkedin|x)\W*",
    re.IGNORECASE)
# A marker after which the page lists other, unrelated headlines.
_MORE = re.compile(r"(previous|next) (article|post|story)|related (articles|stories|news)|you may also like"
                   r"|more (news|stories)|most read|recommended( for you)?|also read:?", re.IGNORECASE)

_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_DATE_FORMS = (r"\d{4}-\d{1,2}-\d{1,2}",
               r"[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}",
               r"\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?,?\s+\d{4}",
               r"\d{1,2}[/.]\d{1,2}[/.]\d{4}")
_TIME = (r"(?:,?\s*(?:at\s+|T)?(\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?)"
         r"(?:\s*((?:GMT|UTC)\s*[+-]\d{1,2}(?::?\d{2})?|Z|UTC|GMT|[A-Z]{3,4}|[+-]\d{2}:?\d{2}))?)?")
_DATE = re.compile(rf"{_WEEKDAY}({'|'.join(_DATE_FORMS)}){_TIME}", re.IGNORECASE)
_DATE_PREFIX = re.compile(r"\s*(?:date[d]?|published( on)?|posted( on)?|updated|last updated)\s*[:\-–]?\s*", re.IGNORECASE)
_DATELINE = re.compile(r"([A-Z][\w&.'’]*(?: [A-Z][\w&.'’]*){0,4})\s*/\s+(?=\S)")  # 'Shafaq News/ The …'
_AGENCY = re.compile(r"[A-Z][A-Z ,.'’-]{1,40}\(([A-Z][\w .&'’-]{1,40})\)\s*[-–—]\s*")  # 'BAGHDAD (Reuters) - …'
_DOMAIN = re.compile(r"(?:https?://)?(?:www\.)?((?:[a-z0-9-]+\.)+[a-z]{2,})/?", re.IGNORECASE)
_URL_LINE = re.compile(r"(?:(?:source|link|url|original|read online)\s*:\s*)?(https?://\S+)", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?:;\"”’)\]]$")


@dataclass
class _Draft:
    """The article while it is being cleaned."""

    lines: list[str]
    notes: list[str] = field(default_factory=list)
    date: PartialDate | None = None
    undated: str = ""
    published_at: str = ""
    url: str = ""
    outlet: str = ""
    outlet_url: str = ""


def read_article(text: str, origin: str) -> Article:
    """One saved article as an Article: cleaned, dated (or said to be undated), with source hints."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    if len(text) > MAX_ENTRY_CHARS:
        text = text[:MAX_ENTRY_CHARS]
        notes = [f"the text was cut to its first {MAX_ENTRY_CHARS:,} characters"]
    else:
        notes = []
    d = _Draft([line.strip() for line in text.split("\n")], notes)
    for step in (_strip_furniture, _find_url_lines, _find_date, _find_domain):
        step(d)
    title, title_note = _title(d)
    paragraphs = _paragraphs(d.lines)
    paragraphs = _drop_repeats(paragraphs, title, d)
    paragraphs = _find_dateline(paragraphs, d)
    if title_note:
        d.notes.append(title_note)
    if not d.date and not d.undated:
        d.undated = ("the saved text shows no date line; find the publication date (on the outlet's page "
                     "or in another source) and write it")
    return Article(origin, safe_title(title), tuple(p for p in (safe_text(p) for p in paragraphs) if p),
                   date=d.date, undated=d.undated, published_at=d.published_at, url=d.url,
                   outlet=d.outlet, outlet_url=d.outlet_url, notes=tuple(d.notes))


def _strip_furniture(d: _Draft) -> None:
    """Share/subscribe lines, and 'Previous Article' markers with the unrelated headlines under them."""
    kept: list[str] = []
    removed = 0
    skipping = False
    for line in d.lines:
        if _MORE.fullmatch(line.rstrip(":").strip()):
            skipping, removed = True, removed + 1
            continue
        if skipping and line and (len(line) > 160 or _SENTENCE_END.search(line) and len(line) > 80):
            skipping = False  # a real paragraph: the headline list is over
        if skipping or (line and _FURNITURE.fullmatch(line)):
            removed += bool(line)
            continue
        kept.append(line)
    d.lines = kept
    if removed:
        d.notes.append(f"removed {counted(removed, 'line')} of page furniture")


def _find_url_lines(d: _Draft) -> None:
    """A line that is only the article's address: the source URL (and a dedupe key)."""
    for index, line in enumerate(d.lines):
        match = _URL_LINE.fullmatch(line)
        if match and safe_url(match.group(1)):
            d.url = d.url or match.group(1).rstrip(".,;)")
            d.lines[index] = ""


def _candidates(d: _Draft) -> list[int]:
    filled = [i for i, line in enumerate(d.lines) if line]
    return filled[:HEAD_LINES] + [i for i in filled[-TAIL_LINES:] if i not in filled[:HEAD_LINES]]


def _find_date(d: _Draft) -> None:
    """The first date line: a line that is a date (or 'date …' before the text), never a date in prose."""
    for index in _candidates(d):
        line = d.lines[index]
        prefix = _DATE_PREFIX.match(line)
        start = prefix.end() if prefix and prefix.end() else 0
        match = _DATE.match(line, start)
        if not match or (not prefix and match.end() != len(line)):
            continue
        d.lines[index] = line[match.end():].strip()
        _set_date(d, match)
        return


def _set_date(d: _Draft, match: re.Match) -> None:
    shown = match.group(0).strip()
    try:
        d.date = parse_date(match.group(1))
    except DateError as exc:
        d.undated = f"the date line '{shown}' cannot be read without guessing: {exc}"
        return
    time, zone = match.group(2), match.group(3)
    if not time:
        return
    if not zone:
        d.published_at = f"{shown} (no time zone given; the date is kept as printed)"
        return
    try:
        d.published_at = moment(d.date, time, zone).isoformat()
    except DateError as exc:
        d.published_at = f"{shown} ({exc}; the date is kept as printed)"


def _find_domain(d: _Draft) -> None:
    """A trailing bare domain ('shafaq.com') names the outlet's site."""
    filled = [i for i, line in enumerate(d.lines) if line]
    for index in filled[-TAIL_LINES:]:
        match = _DOMAIN.fullmatch(d.lines[index])
        if match and "." in match.group(1) and not match.group(1)[-1].isdigit():
            d.outlet_url = f"https://{match.group(1).lower()}"
            d.lines[index] = ""


def _title(d: _Draft) -> tuple[str, str]:
    """The first heading or short first line; else the first sentence (and a note saying so)."""
    for index, line in enumerate(d.lines):
        if not line:
            continue
        heading = line.lstrip("#").strip() if line.startswith("#") else line
        if line.startswith("#") or len(line) <= MAX_TITLE and not line.endswith("."):
            d.lines[index] = ""
            return heading, ""
        sentence = re.split(r"(?<=[.!?])\s", line, maxsplit=1)[0]
        if len(sentence) > 120:
            sentence = sentence[:110].rsplit(" ", 1)[0] + " …"
        return sentence.rstrip("."), "the text has no headline: the title is its first sentence; write a headline"
    return "Untitled article", "the text is empty after cleaning"


def _paragraphs(lines: list[str]) -> list[str]:
    """Lines into paragraphs: a line is joined to the next only when it was hard-wrapped mid-sentence."""
    out: list[str] = []
    current = ""
    for line in lines + [""]:
        if not line:
            if current:
                out.append(current)
            current = ""
        elif current and not _SENTENCE_END.search(current) and (line[0].islower() or line[0].isdigit()):
            current += " " + line
        else:
            if current:
                out.append(current)
            current = line
    return out


def _drop_repeats(paragraphs: list[str], title: str, d: _Draft) -> list[str]:
    """Exactly repeated paragraphs and blocks, including a repeat glued to the end of a paragraph."""
    seen: list[str] = [" ".join(title.split())]
    kept = []
    removed = 0
    for paragraph in paragraphs:
        text = " ".join(paragraph.split())
        for earlier in seen[1:]:
            if len(earlier) >= 40 and earlier in text and earlier != text:
                text = " ".join(text.replace(earlier, " ").split())
        if not text or text in seen:
            removed += 1
            continue
        seen.append(text)
        kept.append(text)
    if removed:
        d.notes.append(f"removed {counted(removed, 'repeated paragraph')}")
    return kept


def _find_dateline(paragraphs: list[str], d: _Draft) -> list[str]:
    """'Shafaq News/ …' or 'BAGHDAD (Reuters) - …' at the start of the text names the outlet."""
    if not paragraphs:
        return paragraphs
    first = paragraphs[0]
    match = _DATELINE.match(first) or _AGENCY.match(first)
    if match:
        d.outlet = match.group(1).strip()
        paragraphs = [first[match.end():].strip(), *paragraphs[1:]]
    return paragraphs
