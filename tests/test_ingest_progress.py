"""Progress of `brief ingest`: a bar redrawn in place on a terminal, plain lines when stderr is not one."""
from __future__ import annotations

import os
import pty
import subprocess
import sys
import threading
from pathlib import Path

from builder.ingest.pipeline import Step
from builder.ingest.cli import Progress
from conftest import brief

FIX = Path(__file__).parent / "fixtures" / "ingest"
INPUTS = [str(FIX / "dateline.txt"), str(FIX / "web" / "meta-date.html"), str(FIX / "web" / "section-front.html")]


def on_a_terminal(root: Path, *args: str) -> tuple[int, str, str]:
    """Run `brief` with stderr on a pseudo-terminal 100 columns wide; (exit code, stdout, what the terminal got)."""
    controller, terminal = pty.openpty()
    env = {**os.environ, "COLUMNS": "100", "LINES": "30", "TERM": "xterm"}
    process = subprocess.Popen([sys.executable, "-m", "builder.cli", "--root", str(root), *args],
                               stdout=subprocess.PIPE, stderr=terminal, env=env)
    os.close(terminal)
    screen = bytearray()

    def drain() -> None:
        while True:
            try:
                data = os.read(controller, 4096)
            except OSError:  # the terminal closed when the process ended
                return
            if not data:
                return
            screen.extend(data)
    reader = threading.Thread(target=drain)
    reader.start()
    stdout, _ = process.communicate(timeout=120)
    reader.join(timeout=10)
    os.close(controller)
    return process.returncode, stdout.decode(), screen.decode("utf-8", errors="replace")


def test_a_terminal_shows_a_bar_with_counts_and_the_current_item(project: Path):
    code, stdout, screen = on_a_terminal(project, "ingest", *INPUTS)
    assert code == 1  # the section front has no article
    frames = [f for f in screen.split("\r\x1b[K") if f.startswith("[")]
    assert frames[0].startswith("[" + "·" * 24 + "] 0/3  0 created · 0 skipped · 0 failed  ")
    assert frames[0].endswith("dateline.txt")
    assert any(f.startswith("[" + "#" * 16 + "·" * 8 + "] 2/3  2 created · 0 skipped · 0 failed") for f in frames)
    assert frames[-1].startswith("[" + "#" * 24 + "] 3/3  2 created · 0 skipped · 1 failed  …")
    assert all(len(f.split("\r\n")[0]) <= 99 for f in frames)  # never wider than the terminal
    assert "\r\x1b[K" + "section-front.html: failed" not in screen
    assert screen.split("\r\x1b[K")[-1].lstrip().startswith(str(FIX / "web" / "section-front.html") + ": failed")
    assert "[1/3]" not in screen  # no plain lines on a terminal
    assert "ingest: 2 created" in stdout


def test_elsewhere_each_input_is_one_plain_line(project: Path):
    done = brief(project, "ingest", *INPUTS)
    lines = [line for line in done.stderr.splitlines() if line.startswith("[")]
    assert lines == [f"[1/3] {INPUTS[0]}: 1 created", f"[2/3] {INPUTS[1]}: 1 created", f"[3/3] {INPUTS[2]}: 1 failed"]
    assert "\r" not in done.stderr and "\x1b" not in done.stderr
    quiet = brief(project, "ingest", "-q", *INPUTS)
    assert not [line for line in quiet.stderr.splitlines() if line.startswith("[")]


def test_a_long_item_is_cut_from_the_left_to_fit():
    step = Step(2, 5, "/home/analyst/saved/" + "very-long-folder-name/" * 6 + "article.html", "", 1, 0, 0)
    line = Progress.bar(step, 80)
    assert len(line) == 79 and line.endswith("  …article.html")
    assert line.startswith("[" + "#" * 4 + "·" * 20 + "] 1/5  1 created · 0 skipped · 0 failed")
