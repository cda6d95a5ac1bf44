"""Stage 1, the only one that reads the disk: content files as Documents."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .config import Project
from .frontmatter import Document, FrontMatterError, read
from .model import KINDS
from .problems import Problem, Problems

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


# While `brief serve` runs, a file whose bytes did not change is not parsed again: path -> (bytes, Document).
# The same Document comes back, so validation and rendering can reuse what they made of it.
_CACHE: dict[Path, tuple[bytes, Document]] = {}


def _read_cached(path: Path) -> Document:
    with open(path, "rb") as handle:
        raw = handle.read()
    hit = _CACHE.get(path)
    if hit is not None and hit[0] == raw:
        return hit[1]
    doc = read(path, raw=raw)
    _CACHE[path] = (raw, doc)
    return doc


def _read_all(paths: list[Path], problems: Problems) -> tuple[Document, ...]:
    docs = []
    for path in paths:
        try:
            docs.append(_read_cached(path))
        except FrontMatterError as exc:
            problems.error(path, exc.line, exc.field, exc.message)
        except OSError as exc:
            problems.error(path, 1, "file", f"cannot be read: {exc.strerror}; check its permissions")
    return tuple(docs)


def load(project: Project, problems: Problems) -> Raw:
    """Read every note, draft, registry entry and page of the project's content folder."""
    if len(_CACHE) > 20_000 and len(_CACHE) > 2 * sum(1 for _ in project.content.rglob(f"*{SUFFIX}")):
        _CACHE.clear()  # files gone since: start again
    before = len(problems.items)
    drafts = _read_all(_files(project.inbox_dir), problems)
    unreadable_drafts = tuple(problems.items[before:])
    return Raw(
        notes=_read_all(_files(project.notes_dir), problems),
        drafts=drafts,
        registry={kind.name: _read_all(_files(project.registry_dir(kind), recursive=False), problems) for kind in KINDS},
        pages=_read_all(_files(project.pages_dir, recursive=False), problems),
        unreadable_drafts=unreadable_drafts,
        judgements=_read_all(_files(project.judgements_dir, recursive=False), problems),
    )
