"""The benchmark's synthetic brief is valid, realistic and deterministic; the benchmark itself starts.

The benchmark's numbers are never asserted here (`make bench` measures them); only that
what it measures is a brief the checker accepts, the same bytes every time.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from benchmarks import synth
from benchmarks.report import verdict
from benchmarks.run import edition_since, main
from conftest import ROOT, brief


@pytest.fixture(scope="module")
def fifty(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synth.make_project(tmp_path_factory.mktemp("synth") / "brief", 50)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.is_symlink()}


def test_synthetic_brief_passes_check_strict(fifty: Path) -> None:
    done = brief(fifty, "check", "--strict")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("ok: 50 notes, 0 key judgements, 0 drafts, 265 registry entries")
    assert done.stderr == ""


def test_same_notes_same_bytes(fifty: Path, tmp_path: Path) -> None:
    again = synth.make_project(tmp_path / "again", 50)
    assert _tree(again) == _tree(fifty)
    other = synth.make_project(tmp_path / "other", 50, seed=synth.SEED + 1)
    assert _tree(other) != _tree(fifty)


def test_synthetic_brief_looks_like_a_real_one() -> None:
    """Hundreds of entities with aliases, thousands of words, mixed dates, multi-source notes, figures."""
    g = synth.Generator()
    assert (len(g.countries), len(g.actors), len(g.sources)) == (40, 200, 25)
    assert all(e.aliases for e in (*g.countries, *g.actors, *g.sources))
    assert len({e.category for e in g.actors}) == 7
    texts = [synth.note_text(g, i)[1] for i in range(400)]
    fronts = [t.split("---\n")[1] for t in texts]
    bodies = " ".join(t.split("---\n", 2)[2] for t in texts)
    words = Counter(w.lower() for w in re.findall(r"[A-Za-z]+", bodies))
    assert len(words) > 3000  # not 25 words repeated
    assert words.most_common(1)[0][1] < 0.08 * sum(words.values())  # Zipf-like: 'the' is common, not everything
    years = {int(re.search(r"^date: (\d{4})", f, re.M)[1]) for f in fronts}
    assert years == set(range(2015, 2025))
    assert sum("date_precision: month" in f for f in fronts) > 20
    assert sum("date_precision: approximate" in f for f in fronts) > 5
    assert sum(f.count("  - name:") >= 2 for f in fronts) > 40
    assert sum("    via:" in f for f in fronts) > 10
    assert sum("figures:" in f for f in fronts) > 5
    lengths = sorted(len(t) for t in texts)
    assert lengths[-1] > 4 * lengths[0]  # short and long notes


def test_generating_notes_takes_seconds_not_minutes() -> None:
    started = time.process_time()
    made = synth.files(2000)
    assert len([p for p in made if p.startswith("content/notes/")]) == 2000
    assert time.process_time() - started < 5  # about 2 s of CPU for 10,000 on the 2-core machine


def test_synth_command_refuses_a_folder_it_did_not_write(tmp_path: Path) -> None:
    (tmp_path / "mine.md").write_text("an analyst's file\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "benchmarks.synth", "5", str(tmp_path)], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert "is not a synthetic brief" in done.stderr
    assert (tmp_path / "mine.md").read_text(encoding="utf-8") == "an analyst's file\n"


def test_benchmark_command_line_starts() -> None:
    done = subprocess.run([sys.executable, "-m", "benchmarks", "--help"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "bench.json" in done.stdout


def test_relative_target_is_computed_from_the_same_run() -> None:
    assert verdict("site_s", {"site_s": 40.0, "plain_s": 30.0}) == ("≤ 1.3 × plain MkDocs = 39.0 s", "✗")
    assert verdict("site_s", {"site_s": 38.0, "plain_s": 30.0})[1] == "✓"
    assert verdict("build_s", {"build_s": 2.9}) == ("≤ 3 s from nothing", "✓")
    assert verdict("site_s", {"site_s": 40.0}) == ("≤ 1.3 × plain MkDocs", "")  # no yardstick, no verdict


def test_edition_window_is_the_last_three_months() -> None:
    assert edition_since("2024-12-28") == "2024-10"
    assert edition_since("2024-02") == "2023-12"


def test_saved_results_print_again_with_ratios_in_wall_and_cpu_time(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    measured = {"site_s": 60.0, "site_cpu_s": 30.0, "plain_s": 10.0, "plain_cpu_s": 10.0, "build_s": 2.0}
    saved = {"machine": {"date": "2024-12-01", "commit": "abc1234"},
             "sizes": {"1000": {"measured": {"site_s": 6.0}, "errors": {}, "details": {}},
                       "10000": {"measured": measured, "errors": {"serve_edit_s": "timed out"}, "details": {}}}}
    (tmp_path / "bench.json").write_text(json.dumps(saved), encoding="utf-8")
    assert main(["--report", str(tmp_path / "bench.json")]) == 0
    out = capsys.readouterr().out
    assert "brief site total / plain MkDocs: 6.00× (target ≤ 1.3) ✗" in out
    assert "the same in CPU seconds: 3.00×" in out
    assert "brief site total, 10,000 / 1,000 notes: 10.0× (target 10,000 notes ≤ 11 × 1,000 notes (linear)) ✓" in out
    assert "| brief build, from nothing | — | 2.00 s ✓ | ≤ 3 s from nothing |" in out
