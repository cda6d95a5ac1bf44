"""The `brief ingest`, `brief inbox` and `brief promote` subcommands.

Ingest's progress goes to stderr: on a terminal one line is redrawn in place with a bar, the
counts so far and the item being read, and cleared at the end so only results stay on the
screen; anywhere else (a log, CI, a pipe) each finished input is one line, `[3/40] path: 1 created`.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
from typing import TextIO

from ..console import Command
from ..content import check
from ..problems import BriefError
from .inbox import promote, report
from .pipeline import Step, ingest

BAR = 24  # characters of the bar itself


class Progress:
    """Receives ingest's Steps and shows them."""

    def __init__(self, stream: TextIO | None = None, *, terminal: bool | None = None, quiet: bool = False) -> None:
        self.stream = stream or sys.stderr
        if terminal is None:
            terminal = self.stream.isatty() and os.environ.get("TERM", "") != "dumb"
        self.terminal = terminal
        self.quiet = quiet
        self.drawn = False

    def __call__(self, step: Step) -> None:
        if self.quiet:
            return
        if not self.terminal:
            if step.done:
                print(step, file=self.stream, flush=True)
            return
        self.stream.write("\r\x1b[K" + self.bar(step, shutil.get_terminal_size((80, 24)).columns))
        self.stream.flush()
        self.drawn = True

    @staticmethod
    def bar(step: Step, width: int) -> str:
        """'[#########···············] 3/8  2 created · 1 skipped · 0 failed  feed.xml', cut to `width`."""
        finished = step.number - (0 if step.done else 1)
        filled = BAR * finished // max(step.total, 1)
        counts = f"{step.created} created · {step.duplicates} skipped · {step.failed} failed"
        head = f"[{'#' * filled}{'·' * (BAR - filled)}] {finished}/{step.total}  {counts}  "
        room = max(width - 1 - len(head), 10)
        item = step.item if len(step.item) <= room else "…" + step.item[-(room - 1):]
        return (head + item)[: max(width - 1, 1)]

    def close(self) -> None:
        """Clear the bar, so what is printed next starts on a clean line."""
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.drawn = False


def _ingest_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="*", metavar="PATH|URL",
                   help="a saved web page (.html), a text article (.txt), a feed file (.xml, .rss, .atom), "
                        "a folder of them, or an address (an article's page or a feed)")
    p.add_argument("--feeds", action="store_true",
                   help="poll every feed listed in content/feeds.yml (conditional requests: unchanged feeds "
                        "download nothing)")


def _promote_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("slug", help="the draft's file name without .md (see 'brief inbox')")
    p.add_argument("--keep-both", action="store_true",
                   help="promote a draft flagged as a near-duplicate, because it is a different story")


def run_ingest(args: argparse.Namespace) -> int:
    if not args.inputs and not args.feeds:
        raise BriefError("give the pages, articles, feeds or addresses to ingest, or --feeds to poll "
                         "the feeds listed in content/feeds.yml")
    bar = Progress(sys.stderr, quiet=args.quiet)
    try:
        result = ingest(args.root, args.inputs, progress=bar, feeds=args.feeds)
    finally:
        bar.close()
    for warning in result.warnings:
        print(f"{warning} (warning)", file=sys.stderr)
    for outcome in result.outcomes:
        if outcome.status == "created":
            near = f"; near-duplicate of {outcome.near} (score {outcome.score:.2f})" if outcome.near else ""
            print(f"created {outcome.path} from {outcome.origin}{near}")
        elif outcome.status == "duplicate":
            print(f"skipped {outcome.origin}: {outcome.reason}")
        else:
            print(f"{outcome.origin}: failed: {outcome.reason}", file=sys.stderr)
    for feed in result.feeds:
        print(feed, file=sys.stderr if feed.status == "failed" else sys.stdout)
    print(result.summary())
    return 1 if result.count("failed") or any(f.status == "failed" for f in result.feeds) else 0


def run_inbox(args: argparse.Namespace) -> int:
    print(report(check(args.root).content.drafts), end="")
    return 0


def run_promote(args: argparse.Namespace) -> int:
    target = promote(args.root, args.slug, keep_both=args.keep_both)
    print(f"promoted {args.slug} to {target.relative_to(args.root).as_posix()}")
    return 0


INGEST = Command("ingest", "turn saved pages, text articles, feeds, addresses and subscribed feeds into draft notes "
                 "in content/inbox/",
                 _ingest_arguments, run_ingest)
INBOX = Command("inbox", "report the drafts in content/inbox/: dates, sources, entities, near-duplicates, problems",
                lambda p: None, run_inbox)
PROMOTE = Command("promote", "move a checked draft to content/notes/<year>/ (never overwrites a note)",
                  _promote_arguments, run_promote)
