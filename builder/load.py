"""Stage 1, the only one that reads the disk: content files as Documents."""
from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .config import Project
from .frontmatter import Document, FrontMatterError, read, read_yaml
from .model import KINDS
from .problems import DRAFT, Problem, Problems

SUFFIX = ".md"


@dataclass(frozen=True, slots=True)
class Raw:
    """The content folder as read: documents by role, in a stable order."""

    notes: tuple[Document, ...]
    drafts: tuple[Document, ...]
    registry: dict  # kind name -> tuple[Document, ...]
    pages: tuple[Document, ...]
    unreadable_drafts: tuple[Problem, ...] = ()  # why each inbox file that could not be read was not
    judgements: tuple[Document, ...] = ()
    editions: tuple[Document, ...] = ()  # content/editions/<date>.yml, by name (= by date)


def _files(folder: Path, recursive: bool = True) -> list[Path]:
    """The Markdown files of `folder` (and its sub-folders), hidden ones left out, in path order."""
    found: list[str] = []
    pending = [str(folder)]
    while pending:
        try:
            entries = list(os.scandir(pending.pop()))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            if entry.name.startswith(".") and entry.is_file():
                continue
            if entry.is_dir(follow_symlinks=False):  # as rglob: a linked folder is not walked into
                if recursive:
                    pending.append(entry.path)
            elif entry.name.endswith(SUFFIX) and entry.is_file():
                found.append(entry.path)
    return [Path(p) for p in sorted(found)]


# A file whose bytes did not change is not parsed again (while `brief serve` runs, and from one build to the
# next through builder/cache.py): path -> (digest of its bytes, Document, its stat when that can be trusted).
# The same Document comes back, so validation and rendering can reuse what they made of it.
_CACHE: dict[Path, tuple[bytes, Document, tuple | None]] = {}
# A file changed less than this before it was read may change again within the same timestamp: its stat
# is not trusted, and its bytes are read and compared next time (as git does with "racily clean" files).
RACY_NS = 2_000_000_000


def _digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


def _read_cached(path: Path, reader: Callable[[Path], Document] = read) -> Document:
    stat = os.stat(path)
    signature = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
    hit = _CACHE.get(path)
    if hit is not None and hit[2] == signature:
        return hit[1]  # not touched since it was read
    with open(path, "rb") as handle:
        raw = handle.read()
    trusted = signature if time.time_ns() - max(stat.st_mtime_ns, stat.st_ctime_ns) > RACY_NS else None
    digest = _digest(raw)
    if hit is not None and hit[0] == digest:
        _CACHE[path] = (digest, hit[1], trusted)
        return hit[1]
    doc = read(path, raw=raw) if reader is read else reader(path)
    _CACHE[path] = (digest, doc, trusted)
    return doc


def _read_all(paths: list[Path], problems: Problems, *, drafts: bool = False,
              reader: Callable[[Path], Document] = read) -> tuple[Document, ...]:
    """Every readable file; an unreadable one is an error (a warning for a draft, which never stops the site)."""
    report = (lambda *a: problems.warn(*a[:3], a[3] + DRAFT)) if drafts else problems.error
    docs = []
    for path in paths:
        try:
            docs.append(_read_cached(path, reader))
        except FrontMatterError as exc:
            report(path, exc.line, exc.field, exc.message)
        except OSError as exc:
            report(path, 1, "file", f"cannot be read: {exc.strerror}; check its permissions")
    return tuple(docs)


def outside(path: Path, content: Path) -> Path | None:
    """Where `path` really is when a link (of the file or a folder above it) takes it out of `content`; else None."""
    real = path.resolve()
    return None if real.is_relative_to(content.resolve()) else real


def inside(paths: list[Path], content: Path, problems: Problems) -> list[Path]:
    """The files that stay inside `content`; each link out of it is an error naming its target, and is not read.

    A file that is not a link is where its folder really is: each folder is resolved once, not each file.
    """
    root = str(content.resolve())
    folders: dict[Path, str] = {}
    kept = []
    for path in paths:
        if path.is_symlink():
            target = outside(path, content)
        else:
            folder = folders.get(path.parent)
            if folder is None:
                folder = folders[path.parent] = str(path.parent.resolve())
            target = None if folder == root or folder.startswith(root + os.sep) else Path(folder, path.name)
        if target is None:
            kept.append(path)
        else:
            problems.error(path, 1, "file", f"is a link to '{target}', outside {content.name}/; copy the file into "
                                            f"{content.name}/ instead")
    return kept


def _linked_folders(folder: Path, content: Path, problems: Problems) -> None:
    """Linked folders are not followed; one that leads out of `content` is an error (its files are not read)."""
    if not folder.is_dir():
        return
    for parent, subfolders, _files_here in os.walk(folder):
        for name in sorted(subfolders):
            path = Path(parent) / name
            if path.is_symlink() and (target := outside(path, content)) is not None:
                problems.error(path, 1, "file", f"is a link to '{target}', outside {content.name}/; copy the files into "
                                                f"{content.name}/ instead")


def load(project: Project, problems: Problems) -> Raw:
    """Read every note, draft, registry entry and page of the project's content folder (and nothing outside it)."""
    content = project.content
    if len(_CACHE) > 20_000 and len(_CACHE) > 2 * sum(1 for _ in content.rglob(f"*{SUFFIX}")):
        _CACHE.clear()  # files gone since: start again
    for folder in (project.notes_dir, project.inbox_dir):
        _linked_folders(folder, content, problems)

    def docs(folder: Path, recursive: bool = True, drafts: bool = False) -> tuple[Document, ...]:
        return _read_all(inside(_files(folder, recursive), content, problems), problems, drafts=drafts)

    before = len(problems.items)
    drafts = docs(project.inbox_dir, drafts=True)
    unreadable_drafts = tuple(problems.items[before:])
    return Raw(
        notes=docs(project.notes_dir),
        drafts=drafts,
        registry={kind.name: docs(project.registry_dir(kind), recursive=False) for kind in KINDS},
        pages=docs(project.pages_dir, recursive=False),
        unreadable_drafts=unreadable_drafts,
        judgements=docs(project.judgements_dir, recursive=False),
        editions=_read_all(inside(_edition_files(project.editions_dir), content, problems), problems, reader=read_yaml),
    )


def _edition_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file() and not p.name.startswith("."))
