"""`brief pdf`: the whole brief, a date window or one country's or actor's dossier as a PDF."""
from __future__ import annotations

import argparse
import gc
import time
from pathlib import Path

from ..build import checked_index
from ..config import Project
from ..console import Command, progress, report, strict_option
from ..model import counted, listed_kinds
from ..write import atomic_write
from ..problems import BriefError, Problem
from .document import WHERE, Prepared, Scope, default_output, find_edition, lay_out, prepare, resolve_scope


def arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", type=Path, help="the PDF file to write (default: <site_dir>/brief.pdf)")
    p.add_argument("--since", metavar="DATE", help="only notes from this date on (YYYY-MM-DD or YYYY-MM)")
    p.add_argument("--until", metavar="DATE", help="only notes up to this date (YYYY-MM-DD or YYYY-MM)")
    for kind in listed_kinds():
        p.add_argument(f"--{kind.singular}", metavar="NAME",
                       help=f"the dossier of one {kind.singular}: only notes naming it (any alias)")
    p.add_argument("--edition", metavar="DATE", help="an edition's PDF (YYYY-MM-DD, a file in content/editions/): "
                                                     "its key judgements, their changes and what it added or changed")
    strict_option(p)


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    project, prepared = _prepare(args)
    _forget_parsed_content()
    result = lay_out(prepared, progress=progress)
    target = args.output if args.output is not None else default_output(project)
    atomic_write(target, result.data)
    report(project.publish_warnings)
    print(f"wrote {target}: {result.pages} pages, {counted(result.notes, 'note')}, {len(result.data) // 1024} KiB "
          f"in {time.perf_counter() - started:.1f}s")
    return 0


def _prepare(args: argparse.Namespace) -> tuple[Project, Prepared]:
    """Check the brief and make the print document; the index of the whole brief ends with this call."""
    project, index, warnings = checked_index(args.root, args.strict)
    report(warnings)
    subjects = {kind.name: getattr(args, kind.singular) for kind in listed_kinds()}
    scope = resolve_scope(index, since=args.since, until=args.until, subjects=subjects)
    edition = None
    if args.edition is not None:
        if scope != Scope():
            raise BriefError(Problem(WHERE, 0, "--edition", "an edition's PDF takes no --since, --until or dossier option"))
        edition = find_edition(index, args.edition)
    return project, prepare(project, index, scope, progress=progress, edition=edition)


def _forget_parsed_content() -> None:
    """Drop every memo (each note parsed and checked, read from the last build's cache): the PDF needs only
    its HTML now, and WeasyPrint lays it out in the memory they held (150 MB and more at 10,000 notes)."""
    from .. import cache

    cache.forget()
    gc.collect()


PDF = Command("pdf", "write the brief as a PDF (default: brief.pdf in the site)", arguments, run,
              "Render the brief, a date window or an entity dossier as a PDF with WeasyPrint.")
