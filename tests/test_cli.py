"""The command line: exit codes and exact output, results on stdout, problems and progress on stderr.

Every case runs the real `brief` in a subprocess, with pipes (not a terminal), as CI and editors do.
"""
from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, brief, write_note

BROKEN = """---
title: A test development
date: 2024-11-20
sources:
  - name: Axios
    url: https://www.axios.com/2024/11/05/example-scoop
    published: 2024-11-20
actors: [Sulivan]
credibility: 2
---
What happened.
"""
WHERE = "content/notes/2024/broken.md"
MESSAGE = "unknown actor 'Sulivan'. Did you mean 'Jake Sullivan'?"
ANSI = re.compile(r"\x1b\[")


def test_check_reports_problems_on_stderr_and_exits_1(project: Path) -> None:
    write_note(project, "2024/broken.md", BROKEN)
    done = brief(project, "check")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == f"{WHERE}:8: actors[0]: {MESSAGE}\n1 error, 0 warnings in 1 file\n"


def test_check_format_json_writes_one_object_per_problem_on_stdout(project: Path) -> None:
    write_note(project, "2024/broken.md", BROKEN)
    write_note(project, "2024/stray.md", BROKEN.replace("actors: [Sulivan]", "headline: stray").replace(
        "A test development", "A stray field"))
    done = brief(project, "check", "--format", "json")
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0] == ('{"path": "content/notes/2024/broken.md", "line": 8, "field": "actors[0]", '
                        '"severity": "error", "message": "unknown actor \'Sulivan\'. Did you mean \'Jake Sullivan\'?"}')
    assert [json.loads(line) for line in lines][1] == {
        "path": "content/notes/2024/stray.md", "line": 8, "field": "headline", "severity": "warning",
        "message": "unknown field 'headline' is ignored. Known fields: title, date, date_precision, sources, "
                   "countries, actors, tags, summary, figures, disputed, credibility, see_also, draft, ingest."}
    assert len(lines) == 2
    assert done.stderr == "1 error, 1 warning in 2 files\n"


def test_check_format_json_of_clean_content_prints_nothing_on_stdout(project: Path) -> None:
    done = brief(project, "check", "--format", "json", "--strict")
    assert (done.returncode, done.stdout) == (0, "")
    assert done.stderr == "ok: 21 notes, 4 key judgements, 0 drafts, 46 registry entries, 33 tags, 3 pages\n"


def test_options_work_after_the_subcommand(project: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "builder.cli", "check", "-q", "--strict", "--root", str(project)],
                          capture_output=True, text=True, cwd=ROOT.parent)
    assert (done.returncode, done.stdout, done.stderr) == (0, "ok: 21 notes, 4 key judgements, 0 drafts, 46 registry entries, 33 tags, 3 pages\n", "")


def _listening() -> tuple[socket.socket, int]:
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    return holder, holder.getsockname()[1]


def test_serve_on_a_busy_port_is_one_line(project: Path) -> None:
    holder, port = _listening()
    with holder:
        started = time.perf_counter()
        done = brief(project, "serve", "-a", f"127.0.0.1:{port}")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (f"brief serve: 127.0.0.1:{port} is already in use (another 'brief serve'?); stop it, "
                           f"or serve elsewhere with -a 127.0.0.1:{port + 1}\n")
    assert time.perf_counter() - started < 10  # said before building anything


def test_serve_with_a_malformed_address_is_one_line(project: Path) -> None:
    done = brief(project, "serve", "-a", "localhost")
    assert (done.returncode, done.stdout, done.stderr) == (
        1, "", "brief serve: -a localhost: expected HOST:PORT, e.g. 127.0.0.1:8000\n")


def test_serve_prints_no_colour_codes_when_piped(project: Path, tmp_path: Path) -> None:
    """MkDocs colours its log for a terminal only; Material's end-of-life banner never shows."""
    holder, port = _listening()
    holder.close()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen([sys.executable, "-m", "builder.cli", "--root", str(project), "serve", "-a",
                                   f"127.0.0.1:{port}"], stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while "Serving on" not in log.read_text(encoding="utf-8") and time.monotonic() < deadline:
            assert server.poll() is None, log.read_text(encoding="utf-8")
            time.sleep(0.5)
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # brief and the MkDocs it started, nothing else
        server.wait(timeout=30)
    output = log.read_text(encoding="utf-8")
    assert f"Serving on http://127.0.0.1:{port}/" in output
    assert "Building documentation" in output and not ANSI.search(output), output
    assert "MkDocs 2.0" not in output


def test_pdf_results_on_stdout_progress_on_stderr_and_q_silences_it(project: Path, tmp_path: Path) -> None:
    loud = brief(project, "pdf", "--since", "2024-11-01", "-o", str(tmp_path / "loud.pdf"))
    assert loud.returncode == 0
    assert re.fullmatch(rf"wrote {re.escape(str(tmp_path))}/loud\.pdf: \d+ pages, 10 notes, \d+ KiB in [\d.]+s\n", loud.stdout)
    placeholder = "mkdocs.yml:7: site_url: (warning) https://brief.example.org/ is a placeholder; "  # the sample's
    assert loud.stderr.splitlines()[-1].startswith(placeholder)
    assert all(line.startswith("… pdf: ") for line in loud.stderr.splitlines()[:-1]), loud.stderr
    quiet = brief(project, "pdf", "-q", "--since", "2024-11-01", "-o", str(tmp_path / "quiet.pdf"))
    assert quiet.returncode == 0 and quiet.stderr.startswith(placeholder) and len(quiet.stderr.splitlines()) == 1
    assert quiet.stdout.startswith(f"wrote {tmp_path}/quiet.pdf: ")


def test_ingest_progress_goes_to_stderr_and_q_silences_it(project: Path) -> None:
    article = ROOT / "tests" / "fixtures" / "ingest" / "dateline.txt"
    done = brief(project, "ingest", str(article))
    assert done.returncode == 0
    assert done.stdout.startswith("created content/inbox/") and done.stdout.endswith(
        "ingest: 1 created, 0 skipped as duplicates, 0 flagged as near-duplicates, 0 failed\n")
    assert done.stderr == f"[1/1] {article}: 1 created\n"
    again = brief(project, "ingest", "-q", str(article))
    assert (again.returncode, again.stderr) == (0, "")
    assert again.stdout.startswith(f"skipped {article.name}: already ingested as content/inbox/")


def test_promote_of_an_unknown_draft_is_one_line(project: Path) -> None:
    done = brief(project, "promote", "no-such-draft")
    assert (done.returncode, done.stdout, done.stderr) == (
        1, "", "brief promote: no draft 'no-such-draft' in content/inbox/. 'brief inbox' lists the drafts.\n")


@pytest.mark.parametrize("command", ["check", "build", "inbox"])
def test_no_output_holds_colour_codes(project: Path, command: str) -> None:
    done = brief(project, command)
    assert done.returncode == 0 and not ANSI.search(done.stdout + done.stderr)
