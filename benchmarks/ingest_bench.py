"""Ingest time per incoming article against briefs of 1,000 and 10,000 notes.

Run on its own: `python benchmarks/ingest_bench.py [NOTES ...]` (default 1000 10000). Each
brief is the sample registry plus N generated notes (a small deterministic generator below:
pseudo-words drawn Zipf-like from 8,000, so notes share frequent words as a real brief's do);
200 incoming articles are ingested into it, a fifth of them rewrites of known notes. Prints
the start-up (reading the brief, building the LSH index with and without the signature
cache) and the time per article (dedupe, registry names, the draft written), as wall-clock
time and as this process's CPU time (which other work on a shared machine does not inflate);
and whether the rewrites were flagged, and flagged as scoring every note would flag them.
Asserts nothing. Target: at most 20 ms per article at 10,000 notes.
"""
from __future__ import annotations

import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from builder.ingest.dedupe import NEAR, Corpus  # noqa: E402
from builder.ingest.pipeline import Inbox, Report, _articles, add  # noqa: E402

ARTICLES, REWRITES = 200, 40
SYLLABLES = ("ba", "ki", "mu", "ta", "ro", "se", "di", "fa", "lan", "rek", "sum", "tor", "vin", "dal", "mir", "ush",
             "ek", "zo", "pa", "gi")
VOCABULARY = [a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES]
WEIGHTS = [1 / (rank + 1) for rank in range(len(VOCABULARY))]
FUNCTION = "the of and to in a that said on for with was by as from at is its had has were would".split()
NAMES = ("Iraq", "Iran", "United States", "Israel", "Syria", "al-Sudani", "Antony Blinken", "Kataib Hezbollah",
         "IRGC", "Jake Sullivan")


def paragraph(rng: random.Random, words: int) -> str:
    drawn = rng.choices(VOCABULARY, WEIGHTS, k=words)
    out = [w if rng.random() > 0.4 else f"{rng.choice(FUNCTION)} {w}" for w in drawn]
    out.insert(rng.randrange(len(out)), rng.choice(NAMES))
    return " ".join(out).capitalize() + "."


def story(rng: random.Random) -> str:
    return "\n\n".join(paragraph(rng, rng.randint(40, 70)) for _ in range(rng.randint(3, 5)))


def make_brief(dest: Path, notes: int, seed: int = 15) -> tuple[Path, list[str]]:
    """The sample's registry and N generated notes; returns the folder and the notes' bodies."""
    for kind in ("countries", "actors", "sources"):
        shutil.copytree(ROOT / "content" / kind, dest / "content" / kind)
    (dest / "content" / "inbox").mkdir(parents=True)
    rng = random.Random(seed)
    bodies = []
    for number in range(notes):
        year = 2015 + number % 10
        body = story(rng)
        bodies.append(body)
        folder = dest / "content" / "notes" / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"development-{number:05d}.md").write_text(
            f"---\ntitle: Development {number}\ndate: {year}-{1 + number % 12:02d}-{1 + number % 28:02d}\n"
            f"sources:\n  - name: Axios\n    url: https://example.org/development-{number:05d}\n"
            f"    published: {year}-{1 + number % 12:02d}\ncountries: [Iraq]\n---\n{body}\n", encoding="utf-8")
    return dest, bodies


def incoming(folder: Path, bodies: list[str], seed: int = 16) -> list[Path]:
    """ARTICLES text articles: REWRITES of them another outlet's copy of a known note, the rest new.

    Half the copies keep 70% of the note's words; the other half keep 85% of them and add as
    much text again (a rewrite padded with commentary).
    """
    rng = random.Random(seed)
    folder.mkdir()
    paths = []
    for number in range(ARTICLES):
        if number < REWRITES:
            words = rng.choice(bodies).split()
            keep = 0.7 if number % 2 else 0.85
            text = " ".join(w if rng.random() < keep else rng.choice(VOCABULARY) for w in words)
            if not number % 2:
                text += "\n\n" + story(rng)
        else:
            text = story(rng)
        path = folder / f"article-{number:03d}.txt"
        path.write_text(f"Incoming article {number}\n\n2024-11-{1 + number % 28:02d}\n\n{text}\n", encoding="utf-8")
        paths.append(path)
    return paths


def bench(notes: int, workdir: Path) -> dict[str, float]:
    root, bodies = make_brief(workdir / f"brief-{notes}", notes)
    articles = incoming(workdir / f"articles-{notes}", bodies)
    started = time.process_time()
    inbox = Inbox(root)
    read_only = time.process_time() - started
    started = time.process_time()
    inbox.corpus.nearest(("warm", "up"))  # builds the LSH index: every signature computed
    cold = time.process_time() - started
    inbox.corpus.save()
    inbox = Inbox(root)
    started = time.process_time()
    inbox.corpus.nearest(("warm", "up"))  # the LSH index again, signatures from the cache
    warm = time.process_time() - started
    report, times, cpu, dedupe, answers = Report(), [], [], [], []
    nearest = inbox.corpus.nearest

    def timed(words: tuple[str, ...]):
        started = time.process_time()
        answers.append((words, len(inbox.corpus.items), nearest(words)))
        dedupe.append(time.process_time() - started)
        return answers[-1][2]
    inbox.corpus.nearest = timed  # type: ignore[method-assign]
    for path in articles:
        started, started_cpu = time.perf_counter(), time.process_time()
        for item in _articles(str(path), report):
            report.outcomes.append(add(inbox, item))
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    flagged = sum(bool(o.near) for o in report.outcomes[:REWRITES])
    false = sum(bool(o.near) for o in report.outcomes[REWRITES:])
    everything, agree = Corpus(candidates=10**9), 0  # the same items, every one scored
    for words, known, (found, score) in answers[:REWRITES]:
        while len(everything.items) < known:
            everything.add(inbox.corpus.items[len(everything.items)])
        best, best_score = everything.nearest(words)
        agree += (best, round(best_score, 9)) == (found, round(score, 9)) or max(best_score, score) < NEAR
    return {"notes": notes, "start-up: read the brief, CPU (s)": read_only,
            "start-up: LSH index, no cache, CPU (s)": cold, "start-up: LSH index, cached, CPU (s)": warm,
            "per article, wall clock, median (ms)": statistics.median(times) * 1000,
            "per article, wall clock, 95th pct (ms)": sorted(times)[int(len(times) * 0.95)] * 1000,
            "per article, CPU, mean (ms)": statistics.mean(cpu) * 1000,
            "of which near-duplicate search, CPU (ms)": statistics.mean(dedupe) * 1000,
            f"rewrites flagged (of {REWRITES})": flagged,
            f"as scoring every note flags (of {REWRITES})": agree,
            f"new articles flagged (of {ARTICLES - REWRITES})": false}


def main(argv: list[str] | None = None) -> int:
    sizes = [int(a) for a in (argv if argv is not None else sys.argv[1:])] or [1000, 10000]
    with tempfile.TemporaryDirectory(prefix="brief-ingest-bench-") as tmp:
        for notes in sizes:
            print(f"… ingesting {ARTICLES} articles into a brief of {notes:,} notes", file=sys.stderr, flush=True)
            result = bench(notes, Path(tmp))
            print(f"\n## ingest, {notes:,} notes")
            for key, value in result.items():
                print(f"  {key:40} {value:,.2f}" if isinstance(value, float) else f"  {key:40} {value:,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
