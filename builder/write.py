"""Stage 5, the only one that writes: safe paths, atomic files, whole trees swapped in.

Nothing is ever half-written: files go to a temporary name and are renamed into place,
a tree is staged beside its target and swapped in only when complete, and `create_new`
refuses to replace a file that exists (an analyst's note is never overwritten).
"""
from __future__ import annotations

import contextlib
import functools
import os
import shutil
import tempfile
import unicodedata
from collections.abc import Callable, Hashable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath

from . import paths
from .problems import BriefError, Problem

MAX_NAME = 200
Files = dict[str, "str | bytes"]
# One output file: its docs path, a key of everything it depends on (None: always made) and how to make it.
Output = tuple[str, Hashable, Callable[[], "str | bytes"]]


def check_paths(files: Files) -> None:
    """Every output path stays inside its folder, and no two differ only by case or form."""
    problems = []
    seen: dict[str, str] = {}
    for name in files:
        reason, folded = _checked_path(name)
        if reason:
            problems.append(Problem(name, 0, "path", reason))
            continue
        if folded in seen:
            problems.append(Problem(name, 0, "path", f"collides with '{seen[folded]}' (they differ only by case "
                                                      f"or look-alike letters, or make the same URL); rename one of the two"))
        seen.setdefault(folded, name)
    if problems:
        raise BriefError(problems)


@functools.lru_cache(maxsize=1 << 16)
def _checked_path(name: str) -> tuple[str | None, str]:
    """(what is wrong with the path or None, its URL folded for comparison): the same names come back every build."""
    return _path_problem(name), unicodedata.normalize("NFKC", paths.url(name)).casefold()  # x.md and x/index.md: one URL


def _path_problem(name: str) -> str | None:
    if not name or "\x00" in name or "\\" in name:
        return "empty, or holds a NUL or backslash"
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or name.startswith("~"):
        return "leaves the output folder; use a plain relative name"
    if any(len(part) > MAX_NAME for part in path.parts):
        return f"a part of the name is longer than {MAX_NAME} characters; shorten it"
    if not name.isascii():
        return "holds non-ASCII characters (look-alike letters make names that read the same); use ASCII"
    return None


def _data(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


@contextlib.contextmanager
def _temporary(path: Path, content: str | bytes, sync: bool = True) -> Iterator[Path]:
    """`content` written (and synced) to a hidden file beside `path`, removed afterwards if left."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:50]}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(_data(content))
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        yield Path(tmp)
    finally:
        Path(tmp).unlink(missing_ok=True)


def atomic_write(path: Path, content: str | bytes, *, sync: bool = True) -> None:
    """Write through a temporary file in the same folder, then rename over the target.

    `sync=False` skips fsync: for generated files that the next build can make again.
    """
    with _temporary(path, content, sync) as tmp:
        os.replace(tmp, path)


def create_new(path: Path, content: str | bytes) -> bool:
    """Write a new file atomically; False (and nothing written) when it already exists."""
    with _temporary(path, content) as tmp:
        try:
            os.link(tmp, path)  # fails if the target exists: no race can overwrite a note
        except FileExistsError:
            return False
    return True


def write_tree(files: Files, folder: Path) -> None:
    """Write a whole tree into an empty folder."""
    check_paths(files)
    for name in sorted(files):
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_data(files[name]))


def sync_tree(files: Files, folder: Path) -> tuple[int, int]:
    """Make `folder` hold exactly `files`, rewriting only what changed (fast while editing).

    Returns (files written, files removed).
    """
    return sync_outputs([(name, None, functools.partial(_same, data)) for name, data in files.items()], folder)


def _same(data: str | bytes) -> str | bytes:
    return data


# What this process last wrote into each folder: docs path -> (key, size, mtime). An output whose key
# is the one it had then, and whose file nobody touched since, is neither made again nor written.
_WRITTEN: dict[Path, dict[str, tuple]] = {}


LAST_WRITTEN: dict[Path, tuple[str, ...]] = {}  # the paths the last sync of each folder wrote (brief serve)


def outputs_list(outputs: Iterable[Output]) -> list[Output]:
    """The outputs in path order; BriefError if two write one path or a path is unsafe."""
    listed = sorted(outputs, key=lambda o: o[0])
    for (a, _, _), (b, _, _) in zip(listed, listed[1:]):
        if a == b:
            raise BriefError(f"two outputs write '{a}'; this is a bug")
    check_paths(dict.fromkeys(name for name, _, _ in listed))
    return listed


def sync_outputs(outputs: Iterable[Output], folder: Path, *, listed: bool = False,
                 linked_from: Path | None = None) -> tuple[int, int]:
    """Make `folder` hold exactly `outputs`, making and writing only what changed.

    Each changed file is written beside its target under a temporary name as soon as it is made (so
    memory holds one file, not the site), and all are renamed into place only once every one was made:
    a template that fails leaves the folder as it was. `listed`: the outputs come from `outputs_list`
    (checked, sorted). `linked_from`: `folder` holds links to the files of that folder (`link_tree`),
    and what was written there tells what need not be made again. Returns (files written, files removed).
    """
    listed = outputs if listed else outputs_list(outputs)
    known = _WRITTEN.get(linked_from.resolve(), {}) if linked_from else _WRITTEN.pop(folder.resolve(), {})
    record: dict[str, tuple] = {}
    pending: list[tuple[str, Hashable, Path]] = []
    base = str(folder)
    try:
        for name, key, make in listed:
            before = known.get(name)
            if key is not None and before is not None and before[0] == key \
                    and _stamp(os.path.join(base, name)) == before[1:]:  # (no Path made for each of 10,000 files)
                record[name] = before
                continue
            data = _data(make())
            target = folder / name
            if target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data:
                record[name] = (key, *_stamp(target))
            else:
                pending.append((name, key, _staged(target, data)))
        for name, key, temporary in pending:
            os.replace(temporary, folder / name)
            record[name] = (key, *_stamp(folder / name))
    finally:
        for _name, _key, temporary in pending:
            temporary.unlink(missing_ok=True)
    removed = _remove_others(folder, record)
    _WRITTEN[folder.resolve()] = record
    LAST_WRITTEN[folder.resolve()] = tuple(name for name, _key, _temporary in pending)
    return len(pending), removed


def link_tree(source: Path, folder: Path) -> None:
    """`folder` made to hold every file of `source` as a hard link (no byte is copied); nothing when
    `source` is not there. A file written into `folder` later replaces its link, never the linked file."""
    if not source.is_dir():
        return
    for parent, _subfolders, files in os.walk(source):
        here = folder / os.path.relpath(parent, source)
        here.mkdir(parents=True, exist_ok=True)
        for name in files:
            os.link(os.path.join(parent, name), here / name)


def moved(source: Path, folder: Path) -> None:
    """`source` became `folder` (swap_in): what was written into it is what `folder` holds now."""
    record = _WRITTEN.pop(source.resolve(), None)
    if record is not None:
        _WRITTEN[folder.resolve()] = record


def forget_folder(folder: Path) -> None:
    """Nothing more is known of what `folder` was given (it is removed): the cache does not carry it."""
    _WRITTEN.pop(folder.resolve(), None)


def move_tree(names: Iterable[str], source: Path, folder: Path, *, also: Path) -> None:
    """Move the files `names` from `source` into `folder`, each linked into `also` too (no copy is made)."""
    for name in names:
        for target in (folder / name, also / name):
            target.parent.mkdir(parents=True, exist_ok=True)
        os.link(source / name, also / name)
        os.replace(source / name, folder / name)


def _staged(target: Path, data: bytes) -> Path:
    """`data` in a hidden file beside `target` (not synced: the next build makes it again)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name[:50]}.", suffix=".tmp", dir=target.parent)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return Path(name)


def write_outputs(outputs: Iterable[Output], folder: Path) -> int:
    """Write every output into an empty folder, each as soon as it is made; how many."""
    listed = outputs_list(outputs)
    for name, _key, make in listed:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_data(make()))
    return len(listed)


def _stamp(path: Path | str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def _remove_others(folder: Path, wanted: dict[str, tuple]) -> int:
    """Remove every file of `folder` that is not `wanted`, and the folders left empty."""
    removed = 0

    def walk(path: str, prefix: str) -> bool:
        """Clean one folder; whether it is empty now."""
        nonlocal removed
        empty = True
        for entry in list(os.scandir(path)):
            name = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                if walk(entry.path, name + "/"):
                    os.rmdir(entry.path)
                    continue
            elif name not in wanted:
                os.unlink(entry.path)
                removed += 1
                continue
            empty = False
        return empty

    if folder.is_dir():
        walk(str(folder), "")
    return removed


def swap_in(staged: Path, target: Path) -> None:
    """Replace `target` by the complete `staged` folder; the old one is moved aside, then removed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(staged, target)
    remove_tree(old)


REMOVERS = 8  # removals at once: each mostly waits on the disk, not on the processor


def remove_tree(folder: Path) -> None:
    """Remove `folder` and everything in it (nothing to do if it is missing), many files at once.

    Just after a build has written a whole new site, the disk is busy writing it out and every removal
    waits its turn: one at a time, the 20,000 files and folders of an old 10,000-note site took 20–50 s;
    eight at a time, 2–5 s. Files go first, then the folders, deepest first.
    """
    files: list[str] = []
    folders: dict[int, list[str]] = {}  # by depth
    for parent, names, others in os.walk(folder):
        folders.setdefault(parent.count(os.sep), []).append(parent)
        files += [os.path.join(parent, name) for name in others]
        files += [os.path.join(parent, name) for name in names if os.path.islink(os.path.join(parent, name))]
    with ThreadPoolExecutor(REMOVERS) as pool:
        list(pool.map(_remove_each, _shares(files, os.unlink)))
        for depth in sorted(folders, reverse=True):
            list(pool.map(_remove_each, _shares(folders[depth], os.rmdir)))
    shutil.rmtree(folder, ignore_errors=True)  # whatever the walk could not see or remove


def _shares(paths: list[str], remove: Callable[[str], None]) -> list[tuple[Callable[[str], None], list[str]]]:
    return [(remove, paths[n::REMOVERS]) for n in range(min(REMOVERS, len(paths)))]


def _remove_each(share: tuple[Callable[[str], None], list[str]]) -> None:
    remove, paths = share
    for path in paths:
        with contextlib.suppress(OSError):
            remove(path)
