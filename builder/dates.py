"""The one date parser: every date in notes, registry, feeds and ingest goes through it.

Dates are never guessed: an ambiguous day/month order, an impossible date, a compact form
such as `031231`, an unknown time zone or a string without a year is refused with a
message that says the expected form.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
import warnings
from dataclasses import dataclass

from dateutil import parser as dateparser
from dateutil import tz

from .memo import kept

EXPECTED = "write it as YYYY-MM-DD (e.g. 2024-11-18) or YYYY-MM for a month (e.g. 2023-11)"
PRECISIONS = ("day", "month", "approximate")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FULL_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december")
_ISO = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?")
_ISO_TIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*"
                       r"(Z|[+-](\d{2}):?\d{2}|UTC|GMT)?")
_TZ_NAMES = {"UTC": tz.UTC, "GMT": tz.UTC, "Z": tz.UTC}
MAX_LEN = 80


class DateError(ValueError):
    """A date that cannot be read without guessing; the message says how to write it."""


@kept
@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A calendar date known to the day, or only to the month."""

    year: int
    month: int
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day is not None else "month"

    def iso(self) -> str:
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def display(self) -> str:
        if self.day is None:
            return f"{MONTHS[self.month - 1]} {self.year}"
        return f"{self.day} {MONTHS[self.month - 1]} {self.year}"

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, self.day or 1)

    def last_day(self) -> dt.date:
        return dt.date(self.year, self.month, self.day or calendar.monthrange(self.year, self.month)[1])

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month, self.day or 0)

    def __str__(self) -> str:
        return self.iso()


def _checked(year: int, month: int, day: int | None) -> PartialDate:
    if not 1 <= month <= 12:
        raise DateError(f"month {month} does not exist; {EXPECTED}")
    if not 1800 <= year <= 2200:
        raise DateError(f"year {year} is out of range; {EXPECTED}")
    if day is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise DateError(f"{MONTHS[month - 1]} {year} has no day {day}; {EXPECTED}")
    return PartialDate(year, month, day)


def parse_date(value: object) -> PartialDate:
    """Read a date from YAML or text; raise DateError rather than guess."""
    if isinstance(value, dt.date):  # a datetime too (a subclass): its own day, never converted
        return _checked(value.year, value.month, value.day)
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise DateError(f"expected a date, received {type(value).__name__}; {EXPECTED}")
    text = " ".join(str(value).split())
    if not text.isprintable():
        raise DateError(f"the date holds a control character; {EXPECTED}")
    if not text:
        raise DateError(f"the date is empty; {EXPECTED}")
    if len(text) > MAX_LEN:
        raise DateError(f"'{text[:20]}…' is too long to be a date; {EXPECTED}")
    if match := _ISO.fullmatch(text):
        year, month, day = match.groups()
        return _checked(int(year), int(month), int(day) if day else None)
    if match := _ISO_TIME.fullmatch(text):
        year, month, day, hour, minute, second, _zone, offset = match.groups()
        if int(hour) > 23 or int(minute) > 59 or int(second or 0) > 60 or int(offset or 0) > 14:
            raise DateError(f"'{text}' has a time of day or time zone offset that does not exist; {EXPECTED}")
        return _checked(int(year), int(month), int(day))  # the day as written: a zone never moves it
    if re.match(r"\d{4}-(?!\d{1,2}(?:-\d{1,2})?(?:[T ]|$))", text):  # ISO-like with an extra or unknown part:
        # '2013-01-27-01', '2013-xx-27' (dateutil would read an hour, or the current month)
        raise DateError(f"'{text}' is not a date in a known form; {EXPECTED}")
    if text.isdigit():
        raise DateError(f"'{text}' is a bare number, which could be several dates; {EXPECTED}")
    if text[0] in "+-":
        raise DateError(f"'{text}' starts with a sign; {EXPECTED}")
    return _parse_words(text)


def _parse_words(text: str) -> PartialDate:
    """Forms like 'Nov. 26, 2024', '26/11/2024', 'November 2023' through python-dateutil."""
    if not re.search(r"\d{4}", text):
        raise DateError(f"'{text}' has no four-digit year; {EXPECTED}")
    runs = re.findall(r"\d+", text)
    if any(len(run) not in (1, 2, 4) for run in runs) or sum(len(run) == 4 for run in runs) != 1:
        raise DateError(f"'{text}' runs numbers together (a compact form could be several dates); {EXPECTED}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            a = dateparser.parse(text, default=dt.datetime(1, 1, 1), dayfirst=False, tzinfos=_TZ_NAMES)
            b = dateparser.parse(text, default=dt.datetime(4, 2, 2), dayfirst=True, tzinfos=_TZ_NAMES)
    except dateparser.UnknownTimezoneWarning:
        raise DateError(f"'{text}' names a time zone that is not known; give the date alone, {EXPECTED}") from None
    except (ValueError, OverflowError, dateparser.ParserError, Warning):
        raise DateError(f"cannot read '{text}' as a date; {EXPECTED}") from None
    if a.year != b.year or str(a.year) not in runs:
        raise DateError(f"'{text}' has no year; {EXPECTED}")
    if (a.month, a.day) != (b.month, b.day):
        if a.day == 1 and b.day == 2 and a.month == b.month:
            return _checked(a.year, a.month, None)
        raise DateError(f"'{text}' is ambiguous (day and month could be swapped); {EXPECTED}")
    return _checked(a.year, a.month, a.day)


# --- publication dates and moments, as feeds and saved pages give them ----------------------------
# Written out by hand, never completed by a library from defaults: a part that is not in the
# text (the day, the time, the zone) stays unknown. RFC 822 and RFC 3339 (ISO 8601) are the
# forms feeds use; anything else goes through `parse_date`, which refuses what it would guess.

ZONES = {"Z": 0, "UT": 0, "UTC": 0, "GMT": 0, "EST": -300, "EDT": -240, "CST": -360, "CDT": -300,
         "MST": -420, "MDT": -360, "PST": -480, "PDT": -420}  # minutes east of UTC
_ZONE = r"(?:[A-Za-z]{1,5}(?:\s*[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{1,4}(?::?\d{2})?)"
_OFFSET = re.compile(r"(?:GMT|UTC|UT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?", re.IGNORECASE)
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?(?:\s*([ap])\.?m\.?)?", re.IGNORECASE)
_RFC3339 = re.compile(rf"(\d{{4}})-(\d{{2}})-(\d{{2}})[T ]([\d:.,]+)\s*({_ZONE})?")
_RFC822 = re.compile(rf"(?:[A-Za-z]{{3,9}},?\s*)?(\d{{1,2}})\s+([A-Za-z]{{3,9}})\.?,?\s+(\d{{2,4}})"
                     rf"(?:,?\s+([\d:.]+(?:\s*[ap]\.?m\.?)?))?(?:\s*({_ZONE}))?", re.IGNORECASE)
_MONTH_NUMBER = {name.lower(): number for number, name in enumerate(MONTHS, start=1)}
MAX_OFFSET_MINUTES = 14 * 60  # the farthest real time zones are UTC-12 and UTC+14


@dataclass(frozen=True, slots=True)
class Published:
    """A publication date as written (to the day or the month) and, when a time and zone are given, the moment."""

    date: PartialDate
    moment: dt.datetime | None = None  # aware; None without a time of day or a time zone


def parse_zone(text: str) -> dt.tzinfo:
    """A time zone as feeds write it ('GMT', 'EST', '+0300', '-05:00', 'GMT-01:01'); DateError otherwise.

    A 'GMT-01:01' is one hour and one minute behind GMT, as written (dateutil would turn the sign).
    """
    name = text.strip().upper()
    if name in ZONES:
        minutes = ZONES[name]
    elif match := _OFFSET.fullmatch(name):
        sign, hours, mins = match.groups()
        if int(mins or 0) > 59:
            raise DateError(f"time zone offset '{text}' does not exist")
        minutes = (int(hours) * 60 + int(mins or 0)) * (-1 if sign == "-" else 1)
    else:
        raise DateError(f"time zone '{text}' is not known; give the offset, e.g. +03:00")
    if abs(minutes) > MAX_OFFSET_MINUTES:
        raise DateError(f"time zone offset '{text}' does not exist (offsets run from -12:00 to +14:00)")
    return dt.timezone(dt.timedelta(minutes=minutes))


def parse_clock(text: str) -> dt.time:
    """A time of day ('23:30', '23:30:05', '4:12 p.m.'); DateError for one that does not exist."""
    match = _CLOCK.fullmatch(text.strip())
    if not match:
        raise DateError(f"'{text}' is not a time of day")
    hour, minute, second, half = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0), match.group(4)
    if half:
        if not 1 <= hour <= 12:
            raise DateError(f"the time '{text}' does not exist")
        hour = hour % 12 + (12 if half.lower() == "p" else 0)
    if hour > 23 or minute > 59 or second > 60:
        raise DateError(f"the time '{text}' does not exist")
    return dt.time(hour, minute, min(second, 59))  # a leap second (:60) is the last second of its minute


def moment(date: PartialDate, clock: str, zone: str) -> dt.datetime:
    """The aware moment of a day, a time of day and a zone, each as written; DateError if one does not exist."""
    if date.day is None:
        raise DateError(f"a time needs a full date, received {date.iso()}")
    return dt.datetime.combine(date.first_day(), parse_clock(clock), parse_zone(zone))


def parse_published(value: str) -> Published:
    """A feed's or page's publication date; DateError (saying why) rather than a guess.

    Partial dates keep their precision ('2003-12' is a month); a year alone, a two-digit year,
    a compact form, an impossible time or zone, or trailing text are refused.
    """
    text = " ".join(str(value).split())
    if re.fullmatch(r"\d{4}", text):
        raise DateError(f"'{text}' gives only the year; {EXPECTED}")
    if match := _RFC3339.fullmatch(text):
        year, month, day, clock, zone = match.groups()
        date = _checked(int(year), int(month), int(day))
        return _with_time(date, clock, zone, text)
    if match := _RFC822.fullmatch(text):
        day, month_name, year, clock, zone = match.groups()
        month = _MONTH_NUMBER.get(month_name[:3].lower())
        if month is None or (len(month_name) > 3 and not MONTH_NAMES[month - 1].startswith(month_name.lower())):
            raise DateError(f"'{month_name}' in '{text}' is not a month; {EXPECTED}")
        if len(year) != 4:
            raise DateError(f"'{text}' has a two-digit year, which could be several centuries; {EXPECTED}")
        date = _checked(int(year), month, int(day))
        return _with_time(date, clock, zone, text)
    return Published(parse_date(text))


def _with_time(date: PartialDate, clock: str | None, zone: str | None, text: str) -> Published:
    if not clock:
        if zone:
            raise DateError(f"'{text}' is not a date in a known form; {EXPECTED}")
        return Published(date)
    try:
        parse_clock(clock)
        if zone is None:
            return Published(date)  # a time without a zone: the day as written, no moment
        return Published(date, moment(date, clock, zone))
    except DateError as exc:
        raise DateError(f"'{text}': {exc}") from None
