"""`make bench` (`python -m benchmarks [N ...]`): issue 16's numbers for synthetic briefs of N notes.

Every measured step runs in its own process (its wall time and peak memory are its own);
prints a table with the targets beside the numbers and writes it all to bench.json.
Asserts nothing: a step that fails or times out is reported and the others still run.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from . import browser, report, serve
from .measure import PYTHON, ROOT, Run, brief, environment, run
from .plain import make_plain

SIZES = (1000, 10000)
WHOLE_PDF_MAX = 1000  # above this the whole-brief PDF takes over 10 minutes and gigabytes
EDITION_MONTHS = 3  # the stand-in for the edition PDF: the newest notes over this many months


def progress(message: str) -> None:
    print(f"… {message}", file=sys.stderr, flush=True)


class Bench:
    """The measurements of one size; every step records its numbers or why it has none."""

    def __init__(self, notes: int, work: Path) -> None:
        self.notes = notes
        self.work = work
        self.root = work / f"brief-{notes}"
        self.measured: dict = {}
        self.errors: dict[str, str] = {}
        self.details: dict = {"load_averages": []}  # the 1-minute load average after each step

    def step(self, key: str, label: str, command: list[str], *, cwd: Path | None = None,
             env: dict | None = None, peak: bool = True) -> Run | None:
        progress(f"{self.notes:,} notes: {label}")
        result = run(command, cwd=cwd or ROOT, env=env)
        self.details["load_averages"].append(round(os.getloadavg()[0], 2))
        self.details[key] = {"command": " ".join(command), "seconds": result.seconds, "cpu_seconds": result.cpu_seconds,
                             "peak_mb": result.peak_mb, "data": result.data}
        if not result.ok:
            self.errors[f"{key}_s"] = result.failure()
            self.details[key]["output"] = (result.stdout + result.stderr)[-3000:]
            return None
        self.measured[f"{key}_s"] = result.seconds
        self.measured[f"{key}_cpu_s"] = result.cpu_seconds
        if peak:
            self.measured[f"{key}_peak_mb"] = result.peak_mb
        return result

    def steps(self, name: str, *args: str) -> list[str]:
        return [PYTHON, "-m", "benchmarks.steps", name, *args]

    # -- the measurements, in order --------------------------------------------------------
    def search_only(self, *, with_serve: bool) -> None:
        """What search costs, alone: the brief published (Pagefind's index timed apart), a saved edit
        reaching the index in brief serve, and searches in headless Chromium."""
        if not self.step("synth", "generating notes", [PYTHON, "-m", "benchmarks.synth", str(self.notes), str(self.root)],
                         peak=False):
            return
        self.release()
        stages = self.stages()
        if stages is None:
            return
        self.sites(stages)
        if with_serve:
            self.serve(stages)
        self.browser(stages)

    def all(self, *, with_browser: bool, with_serve: bool) -> None:
        if not self.step("synth", "generating notes", [PYTHON, "-m", "benchmarks.synth", str(self.notes), str(self.root)],
                         peak=False):
            return
        if not self.step("check", "brief check --strict", [*brief(), "--root", str(self.root), "check", "--strict"]):
            return
        self.release()
        stages = self.stages()
        if stages is None:
            return
        self.step("build", "brief build from nothing", [*brief(), "--root", str(self.root), "build"])
        self.cached_builds(stages["edit"]["path"])
        rebuilt = self.step("rebuild", "brief build after one edited note",
                            self.steps("rebuild", str(self.root), stages["edit"]["path"]))
        if rebuilt:
            self.measured["rebuild_s"] = rebuilt.data["seconds"]
            self.measured["rebuild_cpu_s"] = rebuilt.data.get("cpu")
            self.measured["rebuild_written"] = rebuilt.data["written"]
        self.mkdocs(stages)
        self.pdfs(stages)
        self.sites(stages)
        if with_serve:
            self.serve(stages)
        if with_browser:
            self.browser(stages)
        # plain MkDocs is the yardstick, and the stages process a harness that holds every file at once
        # (and the whole-brief PDF is no longer part of the build: brief site publishes the current edition's)
        peaks = [v for k, v in self.measured.items() if k.endswith("_peak_mb")
                 and k not in ("plain_peak_mb", "stages_peak_mb", "pdf_whole_peak_mb")]
        if peaks:
            self.measured["peak_max_mb"] = max(peaks)

    def cached_builds(self, note: str) -> None:
        """`brief build` in a new process, as an analyst runs it after saving: with what the last build kept
        (build/cache.pickle), once with nothing changed and once after one edited note."""
        command = [*brief(), "--root", str(self.root), "build"]
        self.step("build_cached", "brief build again, a new process (nothing changed)", command)
        path = self.root / note
        original = path.read_text(encoding="utf-8")
        try:
            path.write_text(original.rstrip("\n") + "\n\nOne sentence added for the benchmark.\n", encoding="utf-8")
            self.step("build_cached_edit", "brief build in a new process after one edited note", command)
        finally:
            path.write_text(original, encoding="utf-8")
        run(command, cwd=ROOT)  # build/docs as the content is again, for mkdocs build

    def stages(self) -> dict | None:
        result = self.step("stages", "load, validate, index, render, feeds, write", self.steps("stages", str(self.root)))
        if result is None:
            return None
        self.measured.pop("stages_s")
        self.measured.pop("stages_cpu_s")
        for stage, seconds in result.data["seconds"].items():
            self.measured[f"stage_{stage}_s"] = seconds
            self.measured[f"stage_{stage}_cpu_s"] = result.data.get("cpu", {}).get(stage)
        self.details["pages"] = result.data["pages"]
        shutil.rmtree(self.root / "build", ignore_errors=True)  # `brief build` starts from nothing
        return result.data

    def mkdocs(self, stages: dict) -> None:
        env = environment(SOURCE_DATE_EPOCH=stages["epoch"])  # `brief build` left build/mkdocs.gen.yml
        site = self.work / f"mkdocs-site-{self.notes}"
        done = self.step("mkdocs", "mkdocs build --strict of the generated docs",
                         self.steps("mkdocs", str(self.root / "build" / "mkdocs.gen.yml"), str(site)), cwd=self.root, env=env)
        self._mkdocs_parts("mkdocs", done)
        shutil.rmtree(site, ignore_errors=True)
        notes = sorted((self.root / "content" / "notes").rglob("*.md"))
        plain = make_plain(self.work / f"plain-{self.notes}", notes, stages["pages"])
        done = self.step("plain", f"plain MkDocs + Material, {stages['pages']:,} pages",
                         self.steps("mkdocs", str(plain / "mkdocs.yml"), str(plain / "site")), cwd=plain,
                         env=environment(SOURCE_DATE_EPOCH="0"))
        self._mkdocs_parts("plain", done)
        shutil.rmtree(plain, ignore_errors=True)

    def _mkdocs_parts(self, key: str, done: Run | None) -> None:
        if done is None:
            return
        for clock, suffix in (("seconds", "_s"), ("cpu", "_cpu_s")):
            parts = done.data.get(clock, {})
            per_page = parts.get("search (per page)", 0.0)  # runs inside each page's build: counted once, as search
            self.measured[f"{key}_markdown{suffix}"] = parts.get("markdown", 0.0)
            self.measured[f"{key}_pages{suffix}"] = parts.get("pages", 0.0) - per_page
            self.measured[f"{key}_search{suffix}"] = per_page + parts.get("search (index written)", 0.0)

    def release(self) -> None:
        """Two editions, as a brief that publishes quarterly has them: the last quarter's notes are what
        the current edition added (so its PDF holds one edition, not the archive)."""
        notes = self.root / "content" / "notes"
        dated = {p: re.search(r"^date: (\d{4}-\d{2})", p.read_text(encoding="utf-8"), re.M)[1] for p in notes.rglob("*.md")}
        cutoff = max(dated.values())
        since = edition_since(cutoff)
        self.details["edition_since"] = since
        held = self.work / f"held-{self.notes}"
        recent = [p for p, month in dated.items() if month >= since]
        for path in recent:
            (held / path.relative_to(notes)).parent.mkdir(parents=True, exist_ok=True)
            path.rename(held / path.relative_to(notes))
        year, month = int(since[:4]), int(since[5:7])
        before = (dt.date(year, month, 1) - dt.timedelta(days=1)).isoformat()
        try:
            first = self.step("release_first", f"brief release --date {before} (without the last quarter)",
                              [*brief(), "--root", str(self.root), "release", "--date", before], peak=False)
        finally:
            for path in recent:
                (held / path.relative_to(notes)).rename(path)
        year, month = int(cutoff[:4]), int(cutoff[5:7])
        last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).isoformat()
        if first and self.step("release", f"brief release --date {last} (the current edition)",
                               [*brief(), "--root", str(self.root), "release", "--date", last], peak=False):
            self.details["edition"] = last

    def pdfs(self, stages: dict) -> None:
        since = self.details.get("edition_since") or edition_since(stages["cutoff"])
        self.details["edition_since"] = since
        edition = self.details.get("edition")
        option = ["--edition", edition] if edition else ["--since", since]  # the current edition, or a stand-in
        done = self.step("pdf_edition", f"brief pdf {' '.join(option)}",
                         [*brief(), "--root", str(self.root), "pdf", *option, "-o", str(self.work / "edition.pdf")])
        if done:
            self.measured["pdf_edition_notes"] = _wrote(done.stdout)[1]
        if self.notes <= WHOLE_PDF_MAX:
            done = self.step("pdf_whole", "brief pdf, the whole brief",
                             [*brief(), "--root", str(self.root), "pdf", "-o", str(self.work / "whole.pdf")])
            if done:
                self.measured["pdf_whole_pages"] = _wrote(done.stdout)[0]

    def sites(self, stages: dict) -> None:
        # with editions, brief site publishes the current edition's PDF itself
        done = self.step("site", "brief site with the edition PDF",
                         self.steps("site", str(self.root), "" if self.details.get("edition") else self.details["edition_since"]))
        if done is None:
            return
        for clock, suffix in (("seconds", "_s"), ("cpu", "_cpu_s")):
            parts = done.data.get(clock, {})
            self.measured.update({f"site_check{suffix}": parts.get("check and index"),
                                  f"site_pdf{suffix}": parts.get("wait for feeds and PDF"),
                                  f"site_render{suffix}": parts.get("render pages"), f"site_write{suffix}": parts.get("write"),
                                  f"site_swap{suffix}": parts.get("swap in")})
        self.measured["site_mkdocs_s"] = done.data.get("seconds", {}).get("mkdocs build")  # its own process: wall time only
        self.measured["site_search_s"] = done.data.get("seconds", {}).get("search index (Pagefind)")  # the same
        stats = site_stats(self.root / "site")
        self.details["largest_page"] = stats.pop("largest_page")
        self.measured.update(stats)

    def serve(self, stages: dict) -> None:
        progress(f"{self.notes:,} notes: brief serve, one edit")
        result = serve.edit_latency(self.root, stages["edit"]["path"], stages["edit"]["slug"],
                                    start_timeout=120 + self.notes * 0.05, edit_timeout=60 + self.notes * 0.01)
        self.details["serve"] = result
        for key, field in (("serve_startup_s", "startup"), ("serve_edit_s", "seconds"),
                           ("serve_search_s", "search_seconds"), ("serve_peak_mb", "peak_mb")):
            if field in result:
                self.measured[key] = result[field]
        if "error" in result:
            self.errors["serve_edit_s"] = result["error"]
        if "search_error" in result:
            self.errors["serve_search_s"] = result["search_error"]

    def browser(self, stages: dict) -> None:
        reason = browser.unavailable()
        if reason:
            self.errors["search_cold_ms"] = reason
            return
        progress(f"{self.notes:,} notes: home page and search in headless Chromium")
        try:
            result = browser.measure(self.root / "site", query=stages["query"], second=stages["query_expects"])
        except Exception as exc:  # noqa: BLE001 (a browser failure is reported, the numbers before it kept)
            self.errors["search_cold_ms"] = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
            return
        self.details["browser"] = result
        self.measured["home_load_s"] = result["home"]["seconds"]
        if result["home"]["seconds"] is None:
            self.errors["home_load_s"] = f"did not load within {browser.HOME_TIMEOUT:.0f} s"
        self.measured["home_fetched_mb"] = result["home"]["bytes"] / 1e6
        self.measured["search_cold_ms"] = result["cold"] * 1000
        self.measured["search_warm_ms"] = result["warm"] * 1000
        self.measured["search_fetched_mb"] = result["bytes"] / 1e6
        self.measured["search_warm_fetched_mb"] = result["warm_bytes"] / 1e6
        if result["paced"] is not None:
            self.measured["search_paced_ms"] = result["paced"] * 1000
        self.details["search_first_result"] = f"'{result['query']}' → {result['first_result']}"


def edition_since(cutoff: str) -> str:
    """The first month of the last EDITION_MONTHS months up to the cutoff, as YYYY-MM."""
    year, month = int(cutoff[:4]), int(cutoff[5:7])
    index = year * 12 + month - 1 - (EDITION_MONTHS - 1)
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _wrote(stdout: str) -> tuple[int | None, int | None]:
    """(pages, notes) from `brief pdf`'s 'wrote …: 12 pages, 34 notes' line."""
    found = re.search(r"(\d+) pages?, (\d+) notes?", stdout)
    return (int(found[1]), int(found[2])) if found else (None, None)


def site_stats(site: Path) -> dict:
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = [p for p in files if p.suffix == ".html"]
    largest = max(pages, key=lambda p: p.stat().st_size)
    size = lambda rel: (site / rel).stat().st_size / 1e6 if (site / rel).is_file() else None  # noqa: E731
    bundle = [p for p in files if p.is_relative_to(site / "pagefind")]  # Pagefind's index (Material's: one file)
    index = sum(p.stat().st_size for p in bundle) / 1e6 if bundle else size("search/search_index.json")
    return {"site_files": len(files), "site_mb": sum(p.stat().st_size for p in files) / 1e6,
            "search_index_mb": index, "search_index_files": len(bundle) or None,
            "largest_page_mb": largest.stat().st_size / 1e6,
            "largest_page": largest.relative_to(site).as_posix(), "home_page_mb": size("index.html"),
            "timeline_page_mb": size("timeline/index.html")}


def _machine() -> dict:
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return {"date": dt.date.today().isoformat(), "commit": commit.stdout.strip(), "cpus": os.cpu_count(),
            "python": platform.python_version(), "platform": platform.platform()}


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.report:
        return reprint(args.report)
    results: dict[int, dict] = {}
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="brief-bench-", dir=args.keep))
    try:
        for notes in args.sizes:
            bench = Bench(notes, work)
            if args.search_only:
                bench.search_only(with_serve=not args.no_serve)
            else:
                bench.all(with_browser=not args.no_browser, with_serve=not args.no_serve)
            report.ratios(bench.measured)
            results[notes] = {"measured": bench.measured, "errors": bench.errors, "details": bench.details}
            print("\n".join(report.lines(notes, bench.measured, bench.errors, bench.details["load_averages"])),
                  flush=True)
            if not args.keep:
                shutil.rmtree(bench.root, ignore_errors=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    growth = report.growth(results)
    if growth:
        print(growth)
    print("\n" + "\n".join(report.markdown(results)))
    args.out.write_text(json.dumps({"machine": _machine(), "sizes": {str(n): r for n, r in results.items()}},
                                   indent=1, default=str) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}" + (f"; the briefs are kept in {work}" if args.keep else ""))
    return 0


def reprint(path: Path) -> int:
    """The table of a saved bench.json, ratios recomputed: for a README, or after changing the report."""
    saved = json.loads(path.read_text(encoding="utf-8"))
    results = {int(n): r for n, r in saved["sizes"].items()}
    print(f"measured {saved['machine']['date']} at commit {saved['machine']['commit']}")
    for notes, result in sorted(results.items()):
        report.ratios(result["measured"])
        print("\n".join(report.lines(notes, result["measured"], result["errors"], result["details"].get("load_averages", []))))
    print(report.growth(results))
    print("\n" + "\n".join(report.markdown(results)))
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    p.add_argument("sizes", type=int, nargs="*", default=list(SIZES),
                   help=f"numbers of notes (default: {' '.join(map(str, SIZES))}; 100 for a quick run)")
    p.add_argument("--out", type=Path, default=ROOT / "bench.json", help="the JSON file to write (default: bench.json)")
    p.add_argument("--keep", type=Path, metavar="DIR", help="work in DIR and keep the generated briefs and sites")
    p.add_argument("--no-browser", action="store_true", help="skip the home page and search in headless Chromium")
    p.add_argument("--no-serve", action="store_true", help="skip the brief serve edit latency")
    p.add_argument("--search-only", action="store_true",
                   help="only what search costs: brief site (with Pagefind), an edit in brief serve, searches in Chromium")
    p.add_argument("--report", type=Path, metavar="JSON", help="measure nothing: print the tables of a saved bench.json")
    return p
