"""Stage 1, the only one that reads the disk: content files as Documents."""
from __future__ import annotations

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
    if not folder.is_dir():
        return []
    found = folder.rglob(f"*{SUFFIX}") if recursive else folder.glob(f"*{SUFFIX}")
    return sorted((p for p in found if p.is_file() and not p.name.startswith(".")), key=lambda p: p.as_posix())


# While `brief serve` runs, unchanged files are not parsed again: (path, mtime, size) -> Document.
_CACHE: dict[Path, tuple[tuple[int, int], Document]] = {}


def _read_cached(path: Path) -> Document:
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    hit = _CACHE.get(path)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    doc = read(path)
    _CACHE[path] = (stamp, doc)
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
