"""Stage 1, the only one that reads the disk: content files as Documents."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .frontmatter import Document, FrontMatterError, read, read_yaml
from .model import KINDS
from .problems import Problems

SUFFIX = ".md"


@dataclass(frozen=True, slots=True)
class Raw:
    """The content folder as read: documents by role, in a stable order."""

    notes: tuple[Document, ...]
    drafts: tuple[Document, ...]
    registry: dict  # kind -> tuple[Document, ...]
    pages: tuple[Document, ...]
    judgements: tuple[Document, ...] = ()
    editions: tuple[Document, ...] = ()  # content/editions/<date>.yml, by name (= by date)


def _files(folder: Path, recursive: bool = True) -> list[Path]:
    if not folder.is_dir():
        return []
    found = folder.rglob(f"*{SUFFIX}") if recursive else folder.glob(f"*{SUFFIX}")
    return sorted((p for p in found if p.is_file() and not p.name.startswith(".")), key=lambda p: p.as_posix())


# While `brief serve` runs, unchanged files are not parsed again: (path, mtime, size) -> Document.
_CACHE: dict[Path, tuple[tuple[int, int], Document]] = {}


def _read_cached(path: Path, reader: Callable[[Path], Document] = read) -> Document:
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    hit = _CACHE.get(path)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    doc = reader(path)
    _CACHE[path] = (stamp, doc)
    return doc


def _read_all(paths: list[Path], problems: Problems, reader: Callable[[Path], Document] = read) -> tuple[Document, ...]:
    docs = []
    for path in paths:
        try:
            docs.append(_read_cached(path, reader))
        except FrontMatterError as exc:
            problems.error(path, exc.line, exc.field, exc.message)
        except OSError as exc:
            problems.error(path, 1, "file", f"cannot be read: {exc.strerror}; check its permissions")
    return tuple(docs)


def load(content: Path, problems: Problems) -> Raw:
    """Read every note, draft, registry entry and page under `content`."""
    return Raw(
        notes=_read_all(_files(content / "notes"), problems),
        drafts=_read_all(_files(content / "inbox"), problems),
        registry={kind: _read_all(_files(content / kind, recursive=False), problems) for kind in KINDS},
        pages=_read_all(_files(content / "pages", recursive=False), problems),
        judgements=load_judgements(content, problems),
        editions=_read_all(_edition_files(content / "editions"), problems, read_yaml),
    )


def _edition_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file() and not p.name.startswith("."))


def load_judgements(content: Path, problems: Problems) -> tuple[Document, ...]:
    """content/judgements/<slug>.md: the key judgements."""
    return _read_all(_files(content / "judgements", recursive=False), problems)
