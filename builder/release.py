"""`brief release`: record the checked content as an edition in content/editions/<date>.yml.

The only place in the brief that reads the clock (for the date, when `--date` is not given).
An edition is written once and never rewritten: `write.create_new` refuses an existing file.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from .build import check
from .dates import DateError, PartialDate, parse_date
from .editions import Changes, compare, record
from .model import Content, Edition
from .problems import BriefError, Problem
from .write import create_new

FOLDER = "editions"  # under content/
WHERE = "command line"
HEADER = ("# An edition of the brief, recorded by `brief release`: the content hash of every note and\n"
          "# judgement it published. Never edit it: the site reads what was published when from it.\n")


def edition_path(content: Path, date: PartialDate) -> Path:
    return content / FOLDER / f"{date.iso()}.yml"


def _quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def edition_text(edition: Edition) -> str:
    """The edition file: fixed key order, notes and judgements sorted by slug, every text quoted."""
    lines = [HEADER.rstrip("\n"), f"date: {edition.date.iso()}", f"title: {_quoted(edition.title)}"]
    lines.append("notes:" if edition.notes else "notes: {}")
    lines += [f"  {slug}: {_quoted(edition.notes[slug])}" for slug in sorted(edition.notes)]
    lines.append("judgements:" if edition.judgements else "judgements: {}")
    for slug in sorted(edition.judgements):
        record = edition.judgements[slug]
        lines += [f"  {slug}:", f"    title: {_quoted(record.title)}", f"    likelihood: {_quoted(record.likelihood)}",
                  f"    confidence: {_quoted(record.confidence)}", f"    hash: {_quoted(record.digest)}"]
    return "\n".join(lines) + "\n"


def snapshot(content: Content, date: PartialDate, title: str) -> Edition:
    """The content as an edition: every note's hash, every judgement's estimate and hash."""
    notes = {note.slug: note.digest for note in content.notes}
    return Edition(date, title, notes, {j.slug: record(j) for j in content.judgements}, "")


def release_date(value: str | None, today: dt.date | None = None) -> PartialDate:
    """--date as a day; without it, today (the one read of the clock in the brief)."""
    if value is None:
        day = today or dt.date.today()
        return PartialDate(day.year, day.month, day.day)
    try:
        date = parse_date(value)
    except DateError as exc:
        raise BriefError(Problem(WHERE, 0, "--date", str(exc))) from None
    if date.day is None:
        raise BriefError(Problem(WHERE, 0, "--date", f"an edition is dated to the day; write e.g. {date.last_day().isoformat()}"))
    return date


def _refuse_out_of_order(editions: tuple[Edition, ...], date: PartialDate) -> None:
    latest = editions[-1] if editions else None
    if latest is None or latest.date < date:
        return
    if latest.date == date:
        raise BriefError(Problem(latest.path, 0, "--date", f"an edition of {date.display()} exists; an edition is never "
                                                          "rewritten: release under a later --date"))
    raise BriefError(Problem(WHERE, 0, "--date", f"{date.display()} is before the latest edition ({latest.date.display()}, "
                                                 f"{latest.path}); editions are recorded in date order"))


def release(root: Path, date: str | None = None, title: str | None = None, *,
            today: dt.date | None = None) -> tuple[Path, Edition, Changes]:
    """Record the content as a new edition; BriefError while `brief check --strict` fails."""
    result = check(root)
    if result.problems:
        raise BriefError([*result.problems, Problem("brief release", 0, "", "refused while 'brief check --strict' "
                                                    "reports problems: fix them, then release again")])
    content = result.content
    day = release_date(date, today)
    _refuse_out_of_order(content.editions, day)
    edition = snapshot(content, day, title or f"Edition of {day.display()}")
    latest = content.editions[-1] if content.editions else None
    changes = compare(edition, latest, {note.slug: note for note in content.notes},
                      {j.slug: j for j in content.judgements})
    if latest is not None and changes.empty:
        raise BriefError(Problem(latest.path, 0, "", f"nothing changed since the edition of {latest.date.display()}; "
                                                     "there is nothing to release"))
    path = edition_path(result.project.content, day)
    if not create_new(path, edition_text(edition)):
        raise BriefError(Problem(path.relative_to(root).as_posix(), 0, "", "exists; an edition is never rewritten"))
    return path, edition, changes
