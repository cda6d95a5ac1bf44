"""What a build keeps for the next one on disk: `build/cache.pickle`.

`brief serve` keeps, in memory, the documents it read, the notes it checked and the key of every
file it wrote, so a rebuild reads, checks and renders only what an edit touched. This module keeps
the same memos between processes: `brief build`, `check` and `site` start from what the last build
kept instead of from nothing. Nothing here decides what is current: every memo is keyed by what its
value depends on (a file's bytes, the registry, the templates), so a stale entry is never a hit, and a
cache that is missing, unreadable, or from another version of brief or its libraries is ignored.

The cache is a pickle, as trusted as the rest of build/ (a file planted there could run code, as a
planted .venv could); it is written through a temporary file and renamed, never half-written.
"""
from __future__ import annotations

import contextlib
import ctypes
import gc
import hashlib
import importlib.metadata
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from . import bodies, data, feeds, load, memo, validate, write

log = logging.getLogger(__name__)

NAME = "cache.pickle"  # in the project's build folder
# The libraries whose output a memo holds (rendered HTML, parsed YAML): another version, another cache.
LIBRARIES = ("jinja2", "markdown-it-py", "mdit-py-plugins", "markupsafe", "nh3", "pyyaml", "python-dateutil")


def _kept() -> dict[str, dict | list]:
    """Every memo a build keeps for the next, by name: the one table of what the cache holds."""
    return {
        "documents": load._CACHE,  # each content file's Document, by path, with the digest of its bytes and its stat
        "registries": validate._REGISTRIES,  # the registry last checked
        "notes": validate._NOTES,  # each note as checked against it
        "tokens": memo.Token._last,  # what stands for the large values in keys
        "written": write._WRITTEN,  # the key, size and time of every file each folder was last given
        "scanned bodies": bodies._SCANS._data,  # each body's links and what the sanitizer removes
        "rows": data._ROWS._data,  # each note's rows of the data files
        "feed entries": feeds._ENTRIES._data,  # each note as a feed entry
    }


def version() -> str:
    """brief's own code, Python's and the libraries' versions: a cache made by others is not read."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{sys.version}\n{pickle.HIGHEST_PROTOCOL}\n".encode())
    for name in LIBRARIES:
        try:
            digest.update(f"{name} {importlib.metadata.version(name)}\n".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{name} -\n".encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


_STATE = {"restored": False, "version": ""}


def restore(build_dir: Path) -> bool:
    """Fill the memos from the last build's cache, once per process and only while they are empty;
    whether it was used."""
    if _STATE["restored"]:
        return False
    _STATE["restored"] = True
    kept = _kept()
    if not all(_empty(value) for value in kept.values()):
        return False  # this process has built already: its memos are newer than any file
    path = build_dir / NAME
    try:
        with open(path, "rb") as handle, _no_collection():
            saved = pickle.load(handle)
        if saved.get("version") != _version() or set(saved.get("memos", ())) != set(kept):
            log.info("%s is from another version of brief; building without it", path)
            return False
    except FileNotFoundError:
        return False
    except Exception as exc:  # noqa: BLE001 (a cache that cannot be read is only slower: never a build's end)
        log.info("%s cannot be read (%s); building without it", path, exc)
        return False
    for name, value in saved["memos"].items():
        _put(kept[name], value)
    gc.freeze()  # what was kept lives as long as the process: the collector need not walk it again
    return True


@contextlib.contextmanager
def _no_collection() -> Iterator[None]:
    """Unpickling makes a million objects and frees none: collecting meanwhile would only cost (half the time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def save(root: Path, build_dir: Path) -> None:
    """Write the memos for the next build of the brief at `root`, streamed into a temporary file renamed
    into place (never half-written; a failure to write only costs the next build its speed).

    The last act of a command: the memos not kept (rendered entries and bodies) are let go first, so
    that pickling's own bookkeeping fits in the memory they held.
    """
    for memo_ in _let_go():
        memo_.clear()
    _give_back()
    kept = {name: _within(value, root) for name, value in _kept().items()}
    target = build_dir / NAME
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{NAME}.", suffix=".tmp", dir=build_dir)
        try:
            with os.fdopen(fd, "wb") as handle, _no_collection():
                pickle.dump({"version": _version(), "memos": kept}, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, target)
        finally:
            Path(temporary).unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, RecursionError) as exc:
        log.warning("could not keep the build's cache in %s (%s); the next build starts from nothing",
                    target, exc)


def forget() -> None:
    """Empty every memo, as in a new process (tests, and the benchmark's 'from nothing')."""
    for value in _kept().values():
        _put(value, [None, None] if isinstance(value, list) else {})
    _STATE["restored"] = False


def _give_back() -> None:
    """Hand the memory let go back to the system (glibc keeps it otherwise), so that the pickling grows from
    there and not above the build's own peak: 60 MB at 10,000 notes. Nothing where there is no glibc."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _let_go() -> tuple[memo.Memo, ...]:
    from . import render

    return render._ENTRIES, render._BODIES


def _within(value: dict | list, root: Path) -> dict | list:
    """A memo by path (documents, notes, folders written) without the entries of other briefs this process
    built (tests build many)."""
    if isinstance(value, dict) and value and isinstance(next(iter(value)), Path):
        return {path: item for path, item in value.items() if path.is_relative_to(root)}
    return value


def _empty(value: dict | list) -> bool:
    return not value or value == [None, None]


def _put(target: dict | list, value: dict | list) -> None:
    if isinstance(target, list):
        target[:] = value
    else:
        target.clear()
        target.update(value)


def _version() -> str:
    if not _STATE["version"]:
        _STATE["version"] = version()
    return _STATE["version"]
