"""A saved edit → the updated page served by `brief serve`, timed as a reader of the page sees it, and
→ the search index that holds it (Pagefind runs after each rebuild, in the background)."""
from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from .measure import brief, environment, stop, wait

POLL = 0.05  # seconds between two requests for the edited page


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


def _alive(proc: subprocess.Popen) -> bool:
    """Whether `proc` still runs, without reaping it (its peak memory is read when it is reaped)."""
    return os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None


def _until(url: str, done: Callable[[str], bool], timeout: float, proc: subprocess.Popen, poll: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _alive(proc):
        body = _get(url)
        if body is not None and done(body):
            return True
        time.sleep(poll)
    return False


def edit_latency(root: Path, note: str, slug: str, *, start_timeout: float, edit_timeout: float) -> dict:
    """Start `brief serve`, wait for the note's page, append a sentence to the note, time until it shows
    (and until the search index changes)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/notes/{slug}/"
    path = root / note
    original = path.read_text(encoding="utf-8")
    token = f"servedit{time.monotonic_ns()}"
    result: dict = {"url": url}
    with (root / "serve.log").open("w") as log:
        started = time.perf_counter()
        proc = subprocess.Popen([*brief(), "--root", str(root), "serve", "-a", f"127.0.0.1:{port}"], cwd=root,
                                env=environment(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            if not _until(url, lambda body: True, start_timeout, proc, 0.5):
                result["error"] = f"the page was not served within {start_timeout:.0f} s (see {root / 'serve.log'})"
                return result
            result["startup"] = time.perf_counter() - started
            time.sleep(2)  # the file watcher starts after the first build
            index = f"http://127.0.0.1:{port}/pagefind/pagefind-entry.json"  # names the index's current pieces
            before = _get(index)
            path.write_text(original.rstrip("\n") + f"\n\nEdited for the benchmark: {token}.\n", encoding="utf-8")
            edited = time.perf_counter()
            if _until(url, lambda body: token in body, edit_timeout, proc, POLL):
                result["seconds"] = time.perf_counter() - edited
            else:
                result["error"] = f"the edit did not show within {edit_timeout:.0f} s (see {root / 'serve.log'})"
            if before is None:
                result["search_error"] = "no Pagefind index served (the brief searches with Material's)"
            elif _until(index, lambda body: body != before, edit_timeout, proc, POLL):
                result["search_seconds"] = time.perf_counter() - edited  # the new word is in the index
            else:
                result["search_error"] = f"the search index did not change within {edit_timeout:.0f} s"
        finally:
            path.write_text(original, encoding="utf-8")
            stop(proc)
            _status, usage = wait(proc, 30)
            result["peak_mb"] = usage.ru_maxrss / 1024
    return result
