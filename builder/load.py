"""Stage 1, the only one that reads the disk: content files as Documents."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .frontmatter import Document, FrontMatterError, read
from .model import KINDS
from .problems import DRAFT, Problems

SUFFIX = ".md"


@dataclass(frozen=True, slots=True)
class Raw:
    """The content folder as read: documents by role, in a stable order."""

    notes: tuple[Document, ...]
    drafts: tuple[Document, ...]
    registry: dict  # kind -> tuple[Document, ...]
    pages: tuple[Document, ...]


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


def _read_all(paths: list[Path], problems: Problems, *, drafts: bool = False) -> tuple[Document, ...]:
    """Every readable file; an unreadable one is an error (a warning for a draft, which never stops the site)."""
    report = (lambda *a: problems.warn(*a[:3], a[3] + DRAFT)) if drafts else problems.error
    docs = []
    for path in paths:
        try:
            docs.append(_read_cached(path))
        except FrontMatterError as exc:
            report(path, exc.line, exc.field, exc.message)
        except OSError as exc:
            report(path, 1, "file", f"cannot be read: {exc.strerror}; check its permissions")
    return tuple(docs)


def load(content: Path, problems: Problems) -> Raw:
    """Read every note, draft, registry entry and page under `content`."""
    return Raw(
        notes=_read_all(_files(content / "notes"), problems),
        drafts=_read_all(_files(content / "inbox"), problems, drafts=True),
        registry={kind: _read_all(_files(content / kind, recursive=False), problems) for kind in KINDS},
        pages=_read_all(_files(content / "pages", recursive=False), problems),
    )
