"""`brief offline -o FILE.zip`: the whole site as a folder that works from file://.

For air-gapped networks: pages link to `page.html` (no directory URLs), search runs
from an inlined index through Material's `offline` plugin and a vendored Web Worker
shim (never a CDN), and the zip is byte-for-byte the same for the same content:
sorted entries, fixed permissions, timestamps from the information cut-off.
"""
from __future__ import annotations

import logging
import tempfile
import zipfile
from io import BytesIO
from collections.abc import Callable
from pathlib import Path

from . import generator
from .build import checked_index, render_all
from .render import navigation
from .config import Project
from .index import Index
from .problems import BriefError, Problem
from .write import atomic_write, write_tree

log = logging.getLogger(__name__)

FOLDER = "brief-offline"  # the one top-level folder inside the zip
SHIM = "assets/javascripts/iframe-worker.js"
SHIM_SOURCE = Path(__file__).parent / "vendor" / "iframe-worker.js"
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the oldest time a zip can hold


def zip_tree(folder: Path, date: tuple[int, ...] = ZIP_EPOCH) -> bytes:
    """The folder as zip bytes under FOLDER/, in sorted order with fixed metadata."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        # sorted by the names in the zip ('method.html' before 'method/grades.html'), not by path parts
        for path in sorted((p for p in folder.rglob("*") if p.is_file()), key=lambda p: p.relative_to(folder).as_posix()):
            info = zipfile.ZipInfo(f"{FOLDER}/{path.relative_to(folder).as_posix()}", date_time=date)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # unix, so the permissions above are read
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def _zip_date(index: Index) -> tuple[int, ...]:
    day = index.cutoff.last_day() if index.cutoff else None
    return (max(day.year, 1980), day.month, day.day, 0, 0, 0) if day else ZIP_EPOCH


def build_offline(root: Path, output: Path, *, strict: bool = False,
                  progress: Callable[[str], None] = log.info) -> tuple[Project, Index, list[Problem], int]:
    """Render, build with the offline plugin into a temporary folder, zip it to `output`."""
    project, index, warnings = checked_index(root, strict)
    if output.suffix.lower() != ".zip":
        raise BriefError([Problem(str(output), 0, "-o", "the offline copy is a zip; name it e.g. brief-offline.zip")])
    files = render_all(project, index, publish=True, directory_urls=False)
    files[SHIM] = SHIM_SOURCE.read_bytes()
    with tempfile.TemporaryDirectory(prefix="brief-offline-") as tmp:
        docs, site = Path(tmp) / "docs", Path(tmp) / "site"
        write_tree(files, docs)
        progress(f"rendered {len(files)} files; running mkdocs build --strict with the offline plugin")
        generator.build_offline_site(project, docs, site, generator.source_date_epoch(index), navigation(index), [SHIM])
        data = zip_tree(site, _zip_date(index))
    atomic_write(output, data)
    output.chmod(0o644)  # a file to hand out, not a private temporary
    return project, index, warnings, len(data)
