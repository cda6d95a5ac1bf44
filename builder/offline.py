"""`brief offline -o FILE.zip`: the whole site as a folder that works from file://.

For air-gapped networks: pages link to `page.html` (no directory URLs), search runs
from an inlined index through Material's `offline` plugin and a vendored Web Worker
shim (never a CDN), and the zip is byte-for-byte the same for the same content:
sorted entries, fixed permissions, timestamps from the information cut-off.
"""
from __future__ import annotations

import argparse
import logging
import tempfile
import time
import zipfile
from io import BytesIO
from collections.abc import Callable
from pathlib import Path

import yaml

from . import cli
from .build import checked_index, mkdocs_build, render_all, source_date_epoch
from .config import CONFIG, Project, _ConfigLoader
from .index import Index
from .problems import BriefError, Problem
from .write import atomic_write, write_tree

log = logging.getLogger(__name__)

FOLDER = "brief-offline"  # the one top-level folder inside the zip
SHIM = "assets/javascripts/iframe-worker.js"
SHIM_SOURCE = Path(__file__).parent / "vendor" / "iframe-worker.js"
# Features that need fetch() or a server; browsers refuse them on file://.
ONLINE_ONLY = ("navigation.instant", "navigation.instant.prefetch", "navigation.instant.progress")
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the oldest time a zip can hold


def offline_config(project: Project, docs: Path, site: Path) -> dict:
    """An mkdocs.yml that inherits the project's and changes only what file:// needs."""
    parent = yaml.load((project.root / CONFIG).read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    theme = parent.get("theme") or {}
    plugins = [p for p in parent.get("plugins") or ["search"] if p != "offline" and not (isinstance(p, dict) and "offline" in p)]
    config: dict = {
        "INHERIT": str(project.root / CONFIG),
        "docs_dir": str(docs),
        "site_dir": str(site),
        "use_directory_urls": False,
        "plugins": [*plugins, "offline"],
        # polyfills: the offline plugin then adds no CDN script; brief.offline: no feed links
        "extra": {"polyfills": [SHIM], "brief": {"offline": True}},
        "watch": [],
    }
    if isinstance(theme, dict):
        config["theme"] = {"features": [f for f in theme.get("features") or [] if f not in ONLINE_ONLY]}
        if theme.get("custom_dir"):
            config["theme"]["custom_dir"] = str(project.root / theme["custom_dir"])
    config["hooks"] = [str(project.root / hook) for hook in parent.get("hooks") or []]
    return config


def zip_tree(folder: Path, date: tuple[int, ...] = ZIP_EPOCH) -> bytes:
    """The folder as zip bytes under FOLDER/, in sorted order with fixed metadata."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
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
        docs, site, config = Path(tmp) / "docs", Path(tmp) / "site", Path(tmp) / CONFIG
        write_tree(files, docs)
        config.write_text(yaml.safe_dump(offline_config(project, docs, site), allow_unicode=True, sort_keys=False),
                          encoding="utf-8")
        progress(f"rendered {len(files)} files; running mkdocs build --strict with the offline plugin")
        mkdocs_build(project, docs, site, source_date_epoch(index), config=config)
        data = zip_tree(site, _zip_date(index))
    atomic_write(output, data)
    output.chmod(0o644)  # a file to hand out, not a private temporary
    return project, index, warnings, len(data)


def _arguments(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("offline", help="write the site as a zip that works from file:// with search (air-gapped copy)")
    p.add_argument("-o", "--output", type=Path, default=Path("brief-offline.zip"),
                   help="zip file to write (default: brief-offline.zip)")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")


cli.EXTENSIONS.append(_arguments)


@cli.command("offline")
def cmd_offline(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    output = args.output if args.output.is_absolute() else Path.cwd() / args.output
    _project, index, warnings, size = build_offline(args.root, output, strict=args.strict,
                                                    progress=lambda m: print(f"… {m}", flush=True))
    cli._report(warnings)
    print(f"offline copy ready in {time.perf_counter() - started:.1f}s: {output} ({size / 1e6:.1f} MB, "
          f"{len(index.notes)} notes); unzip it and open {FOLDER}/index.html")
    return 0

