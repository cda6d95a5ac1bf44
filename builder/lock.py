"""One build at a time per project: `build/.lock`, and the litter of builds that were killed.

Two `brief site` at once would interleave their swaps of site/ and build/docs. Each build
holds an exclusive `flock` on build/.lock while it writes (the kernel releases it when the
process dies, however it dies); a second build waits a bounded time, saying for whom, then
gives up with the holder's PID. Under the lock no other build runs, so any staging folder
or half-swapped old tree found then was left by a killed build, and is removed.
"""
from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from .problems import BriefError, Problem
from .write import remove_tree

log = logging.getLogger(__name__)

LOCK = ".lock"
WAIT = 300.0  # seconds a second build waits for the first (a large brief's PDF takes minutes)
STAGING = ".staging-*"  # in build/: what a killed publish leaves


def _holder(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii").strip() or "unknown"
    except (OSError, UnicodeDecodeError):
        return "unknown"


def _acquire(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextlib.contextmanager
def build_lock(build: Path, *, wait: float | None = None,
               progress: Callable[[str], None] = log.warning) -> Iterator[None]:
    """Hold the project's build lock; wait up to `wait` seconds for another build, then BriefError naming it."""
    wait = WAIT if wait is None else wait
    build.mkdir(parents=True, exist_ok=True)
    path = build / LOCK
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if not _acquire(fd):
            holder = _holder(path)
            progress(f"another build is running (PID {holder}); waiting up to {wait:g} s for it to finish")
            deadline = time.monotonic() + wait
            while not _acquire(fd):
                if time.monotonic() >= deadline:
                    raise BriefError(Problem(path.as_posix(), 0, "", f"another build is running (PID {holder}) and still "
                                             f"holds the lock after {wait:g} s; wait for it to finish, or stop it, then "
                                             "build again"))
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def remove_stale(build: Path, *swapped: Path) -> list[Path]:
    """Staging folders, and old trees `write.swap_in` had not yet removed, of killed builds (call under
    the lock); the paths removed."""
    found = list(build.glob(STAGING)) + [p for target in swapped for p in target.parent.glob(f".{target.name}.old-*")]
    for path in found:
        remove_tree(path)  # a whole site, many files at once
    return found
