"""Progress of a batch on stderr: a bar redrawn in place on a terminal, plain lines otherwise.

On a terminal one line shows a bar, the counts so far and the item being read; it is
cleared when the batch ends, so only results stay on the screen. Anywhere else (a log
file, CI, a pipe) each finished item is one line, `[3/40] path: 1 created`.
"""
from __future__ import annotations

import os
import shutil
import sys
from typing import TextIO

from .pipeline import Step

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
