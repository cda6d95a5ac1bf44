"""The analyst's side of the inbox: a report of the drafts, and `promote` into content/notes/.

Promotion is a command, not a front-matter flag: `brief promote SLUG` moves
content/inbox/SLUG.md to content/notes/<year>/SLUG.md. It refuses while the draft has
errors (checked as a note), while it is flagged as a near-duplicate (unless --keep-both),
and when a note of that name exists; the move is a hard link then an unlink, so the note
is never overwritten and never half-written.
"""
from __future__ import annotations

import difflib
import os
from pathlib import Path

from ..content import check
from ..dates import DateError, parse_date
from ..model import Draft, counted, listed_kinds
from ..problems import BriefError, Problem


def _names(value: object) -> str:
    return ", ".join(str(v) for v in value) if isinstance(value, list) and value else "none found"


def _source(meta: dict) -> str:
    sources = meta.get("sources")
    if not isinstance(sources, list) or not sources or not isinstance(sources[0], dict):
        return "none"
    first = sources[0]
    text = str(first.get("name") or "unknown")
    if first.get("via"):
        text += f" (via {first['via']})"
    if first.get("url"):
        text += f" <{first['url']}>"
    elif first.get("archived"):
        text += f" ({first['archived']})"
    return text


def report(items: tuple[Draft, ...] | list[Draft]) -> str:
    """The inbox as text: what each draft says, what it lacks, and whether it can be promoted."""
    lines: list[str] = []
    for d in items:
        m, ing = d.meta, d.ingest
        date = str(m.get("date", ""))
        lines.append(f"{d.path}")
        lines.append(f"  title:      {m.get('title', '(none)')}")
        lines.append(f"  date:       " + (f"UNDATED: {ing.get('undated', 'no date')}" if date in ("", "undated") else date))
        lines.append(f"  source:     {_source(m)}")
        for kind in listed_kinds():
            lines.append(f"  {kind.name + ':':<12}{_names(m.get(kind.name))}")
        proposed = ing.get("proposed") if isinstance(ing.get("proposed"), list) else []
        if proposed:
            lines.append("  proposed:   " + ", ".join(
                f"{p.get('name')} ({p.get('count')}×{', ' + p['kind'] if p.get('kind') else ''})"
                for p in proposed if isinstance(p, dict)) + " — add to content/countries|actors|sources/ if they matter")
        if d.near:
            lines.append(f"  near-duplicate of {d.near.get('of')} (score {d.near.get('score')}): "
                         "add it as a second source of that note, or promote with --keep-both")
        for problem in d.problems:
            lines.append(f"  {problem}")
        ready = "yes" if not d.errors and not d.near else "no"
        lines.append(f"  ready:      {ready} — brief promote {d.slug}" if ready == "yes" else
                     f"  ready:      no ({counted(len(d.errors), 'error')}"
                     f"{', near-duplicate' if d.near else ''})")
        lines.append("")
    ready = sum(not d.errors and not d.near for d in items)
    flagged = sum(bool(d.near) for d in items)
    lines.append(f"inbox: {counted(len(items), 'draft')}, {ready} ready to promote, "
                 f"{len(items) - ready} need work, {flagged} flagged as near-duplicates")
    return "\n".join(lines) + "\n"


def promote(root: Path, slug: str, *, keep_both: bool = False) -> Path:
    """Move a checked draft into content/notes/<year>/; BriefError saying why when it cannot."""
    checked = check(root)
    project = checked.project
    items = {d.slug: d for d in checked.content.drafts}
    draft = items.get(slug)
    if draft is None:
        close = difflib.get_close_matches(slug, list(items), n=1)
        hint = f" Did you mean '{close[0]}'?" if close else " 'brief inbox' lists the drafts."
        raise BriefError(f"no draft '{slug}' in {project.rel(project.inbox_dir)}/.{hint}")
    if draft.errors:
        raise BriefError(list(draft.problems) + [Problem(draft.path, 0, "", "fix the errors above, then promote again")])
    if draft.near and not keep_both:
        raise BriefError([Problem(draft.path, 1, "ingest.near_duplicate",
                                  f"resembles {draft.near.get('of')} (score {draft.near.get('score')}); add its source to "
                                  f"that note, or promote with --keep-both if it is a different story")])
    try:
        year = parse_date(draft.meta["date"]).year
    except (DateError, KeyError):  # cannot happen after the check, but never guess a year
        raise BriefError([Problem(draft.path, 1, "date", "the draft has no readable date; write one, then promote")]) from None
    notes = project.notes_dir
    existing = sorted(notes.rglob(f"{slug}.md")) if notes.is_dir() else []
    if existing:
        raise BriefError([Problem(draft.path, 1, "slug", f"a note named '{slug}' exists ({project.rel(existing[0])}); "
                                                         "rename the draft file, then promote")])
    source = project.root / draft.path
    target = notes / str(year) / f"{slug}.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)  # atomic, and fails rather than replace a note
    except FileExistsError:
        raise BriefError([Problem(draft.path, 1, "slug", f"{project.rel(target)} exists; "
                                                         "rename the draft file, then promote")]) from None
    source.unlink()
    return target
