"""Benchmark: a synthetic 1,000-note brief as a PDF, beside WeasyPrint alone on the same HTML.

`python -m benchmarks.pdf [--notes N]` prints our total time (check, index, HTML and
WeasyPrint), WeasyPrint's own time for the same HTML and CSS, and each one's peak RSS.
Each measurement runs in its own process, so the peaks do not mix.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .measure import ROOT, environment
from .synth import make_project

NOTES = 1000


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _cpu() -> float:
    """CPU seconds of this process: steadier than wall time on a shared machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _ours(root: Path) -> dict:
    """The whole `brief pdf` path: check, index, select, HTML, WeasyPrint; saves the HTML for `_weasy`."""
    from builder.build import checked_index
    from builder.pdf import engine  # noqa: F401  (imports WeasyPrint outside the timing, as `_weasy` does)
    from builder.pdf.document import document_html, render, select, stylesheet

    started, cpu = time.perf_counter(), _cpu()
    project, index, _ = checked_index(root)
    checked = time.perf_counter() - started
    result = render(project, index, progress=lambda m: print(f"  … {m}", file=sys.stderr, flush=True))
    total, cpu = time.perf_counter() - started, _cpu() - cpu
    (root / "brief.html").write_text(document_html(select(project, index)), encoding="utf-8")
    (root / "brief.css").write_text(stylesheet(project), encoding="utf-8")
    return {"seconds": total, "check": checked, **{k: v for k, v in result.seconds.items() if k != "total"},
            "pages": result.pages, "bytes": len(result.data), "peak_mb": _peak_mb(), "cpu": cpu}


def _weasy(root: Path) -> dict:
    """WeasyPrint alone, default settings, on the HTML and CSS `_ours` produced."""
    from weasyprint import CSS, HTML

    started, cpu = time.perf_counter(), _cpu()
    data = HTML(filename=str(root / "brief.html")).write_pdf(stylesheets=[CSS(filename=str(root / "brief.css"))])
    return {"seconds": time.perf_counter() - started, "bytes": len(data), "peak_mb": _peak_mb(), "cpu": _cpu() - cpu}


def _child(which: str, root: Path) -> dict:
    done = subprocess.run([sys.executable, "-m", "benchmarks.pdf", "--child", which, str(root)],
                          cwd=ROOT, env=environment(), stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    """Build the synthetic brief, measure ours and WeasyPrint's own, print both."""
    args = _parser().parse_args(argv)
    if args.child:
        print(json.dumps((_ours if args.child == "ours" else _weasy)(Path(args.root))))
        return 0
    with tempfile.TemporaryDirectory(prefix="brief-bench-pdf-") as tmp:
        root = make_project(Path(tmp) / "brief", args.notes)
        print(f"PDF benchmark: {args.notes} synthetic notes in {root}", file=sys.stderr)
        ours = _child("ours", root)
        weasy = _child("weasy", root)
    overhead = ours["seconds"] - weasy["seconds"]
    print(f"pdf, {args.notes} notes, {ours['pages']} pages, {ours['bytes'] / 2**20:.1f} MiB")
    print(f"  ours total        {ours['seconds']:6.1f} s   CPU {ours['cpu']:6.1f} s   peak RSS {ours['peak_mb']:6.0f} MB"
          f"   (check+index {ours['check']:.1f} s, HTML {ours['html']:.1f} s, layout {ours['layout']:.1f} s,"
          f" write {ours['write']:.1f} s)")
    print(f"  WeasyPrint alone  {weasy['seconds']:6.1f} s   CPU {weasy['cpu']:6.1f} s   peak RSS {weasy['peak_mb']:6.0f} MB"
          "   (same HTML and CSS)")
    print(f"  our own work adds {overhead:6.1f} s wall ({overhead / weasy['seconds']:+.0%}),"
          f" {ours['cpu'] - weasy['cpu']:.1f} s CPU ({(ours['cpu'] - weasy['cpu']) / weasy['cpu']:+.0%})")
    return 0


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m benchmarks.pdf", description=__doc__.splitlines()[0])
    p.add_argument("--notes", type=int, default=NOTES, help=f"how many synthetic notes (default {NOTES})")
    p.add_argument("--child", choices=("ours", "weasy"), help=argparse.SUPPRESS)
    p.add_argument("root", nargs="?", help=argparse.SUPPRESS)
    return p


if __name__ == "__main__":
    sys.exit(main())
