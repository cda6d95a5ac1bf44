"""`make bench`: build times, rebuild times and site size for large synthetic briefs.

Run with `python -m builder.bench [NOTES ...]` (default 1000 5000). Prints a table; asserts nothing.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from .build import build
from .generator import build_site as mkdocs_build, source_date_epoch
from .synthetic import make_project


def _size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def bench_build(notes: int, workdir: Path) -> dict[str, float]:
    root = make_project(workdir / f"brief-{notes}", notes)
    started = time.perf_counter()
    project, index, _warnings, _ = build(root)
    full = time.perf_counter() - started
    started = time.perf_counter()
    build(root)
    unchanged = time.perf_counter() - started
    edited = next((root / "content" / "notes").rglob("*.md"))
    edited.write_text(edited.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    started = time.perf_counter()
    _p, _i, _w, (written, _removed) = build(root)
    one_edit = time.perf_counter() - started
    started = time.perf_counter()
    mkdocs_build(project, project.docs_dir, root / "site", source_date_epoch(index))
    mkdocs = time.perf_counter() - started
    files, size = _size(root / "site")
    return {"notes": notes, "pages": len(list(project.docs_dir.rglob("*.md"))), "brief build (s)": full,
            "rebuild, nothing changed (s)": unchanged, "rebuild after one edit (s)": one_edit,
            "files rewritten by one edit": written, "mkdocs build --strict (s)": mkdocs,
            "site files": files, "site size (MB)": size / 1e6}


def main(argv: list[str] | None = None) -> int:
    sizes = [int(a) for a in (argv if argv is not None else sys.argv[1:])] or [1000, 5000]
    with tempfile.TemporaryDirectory(prefix="brief-bench-") as tmp:
        for notes in sizes:
            print(f"… building a synthetic brief of {notes} notes", file=sys.stderr, flush=True)
            result = bench_build(notes, Path(tmp))
            print(f"\n## {notes} notes")
            for key, value in result.items():
                print(f"  {key:32} {value:,.2f}" if isinstance(value, float) else f"  {key:32} {value:,}")
    if os.environ.get("BRIEF_BENCH_PDF", "1") != "0":
        try:
            from . import bench_pdf
        except ImportError:
            print("\n(PDF benchmark not available)")
        else:
            bench_pdf.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
