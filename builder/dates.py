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

EXPECTED = "write it as YYYY-MM-DD (e.g. 2024-11-18) or YYYY-MM for a month (e.g. 2023-11)"
PRECISIONS = ("day", "month", "approximate")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FULL_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
_ISO = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?")
_ISO_TIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*"
                       r"(Z|[+-](\d{2}):?\d{2}|UTC|GMT)?")
_TZ_NAMES = {"UTC": tz.UTC, "GMT": tz.UTC, "Z": tz.UTC}
MAX_LEN = 80


class DateError(ValueError):
    """A date that cannot be read without guessing; the message says how to write it."""


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
    if text.isdigit():
        raise DateError(f"'{text}' is a bare number, which could be several dates; {EXPECTED}")
    if text[0] in "+-":
        raise DateError(f"'{text}' starts with a sign; {EXPECTED}")
    return _parse_words(text)


def _parse_words(text: str) -> PartialDate:
    """Forms like 'Nov. 26, 2024', '26/11/2024', 'November 2023' through python-dateutil."""
    if not re.search(r"\d{4}", text):
        raise DateError(f"'{text}' has no four-digit year; {EXPECTED}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            a = dateparser.parse(text, default=dt.datetime(1, 1, 1), dayfirst=False, tzinfos=_TZ_NAMES)
            b = dateparser.parse(text, default=dt.datetime(4, 2, 2), dayfirst=True, tzinfos=_TZ_NAMES)
    except dateparser.UnknownTimezoneWarning:
        raise DateError(f"'{text}' names a time zone that is not known; give the date alone, {EXPECTED}") from None
    except (ValueError, OverflowError, dateparser.ParserError, Warning):
        raise DateError(f"cannot read '{text}' as a date; {EXPECTED}") from None
    if a.year != b.year:
        raise DateError(f"'{text}' has no year; {EXPECTED}")
    if (a.month, a.day) != (b.month, b.day):
        if a.day == 1 and b.day == 2 and a.month == b.month:
            return _checked(a.year, a.month, None)
        raise DateError(f"'{text}' is ambiguous (day and month could be swapped); {EXPECTED}")
    return _checked(a.year, a.month, a.day)


def parse_timestamp(value: str) -> dt.datetime | None:
    """A full timestamp (for ingest): aware datetime, or None when the text carries no time."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            stamp = dateparser.parse(value, tzinfos=_TZ_NAMES)
    except (ValueError, OverflowError, dateparser.ParserError, Warning):
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=tz.UTC)
