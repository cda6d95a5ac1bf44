"""The benchmark's table: every measurement with its target from issue 16 and ✓ or ✗."""
from __future__ import annotations

import os

from .targets import TARGETS

# (measurement, label, unit); printed in this order, skipped when a run did not measure it.
ROWS: tuple[tuple[str, str, str], ...] = (
    ("synth_s", "generate the synthetic brief (python -m benchmarks.synth)", "s"),
    ("check_s", "brief check --strict", "s"),
    ("stage_load_s", "stage load", "s"),
    ("stage_validate_s", "stage validate", "s"),
    ("stage_index_s", "stage index", "s"),
    ("stage_render_s", "stage render (pages, charts included)", "s"),
    ("stage_charts_s", "  of which charts (SVG)", "s"),
    ("stage_feeds_s", "stage feeds (RSS, Atom, JSON for the brief and every entity)", "s"),
    ("stage_write_s", "stage write (every file, from nothing)", "s"),
    ("stages_peak_mb", "  peak memory, stages process (a harness holding every file at once; brief build writes each as made)", "MB"),
    ("build_s", "brief build, from nothing", "s"),
    ("build_peak_mb", "  peak memory", "MB"),
    ("build_cached_s", "brief build again in a new process, nothing changed (what the last build kept: build/cache.pickle)", "s"),
    ("build_cached_peak_mb", "  peak memory", "MB"),
    ("build_cached_edit_s", "brief build in a new process after one edited note (with that cache)", "s"),
    ("build_cached_edit_peak_mb", "  peak memory", "MB"),
    ("rebuild_s", "brief build after one edited note (same process, as brief serve)", "s"),
    ("rebuild_written", "  files rewritten", ""),
    ("rebuild_peak_mb", "  peak memory", "MB"),
    ("mkdocs_s", "mkdocs build --strict of the generated docs", "s"),
    ("mkdocs_markdown_s", "  of which Markdown → HTML", "s"),
    ("mkdocs_pages_s", "  of which page templates and writing", "s"),
    ("mkdocs_search_s", "  of which search indexing", "s"),
    ("mkdocs_peak_mb", "  peak memory", "MB"),
    ("plain_s", "plain MkDocs + Material, same number of pages (not in the nav)", "s"),
    ("plain_markdown_s", "  of which Markdown → HTML", "s"),
    ("plain_pages_s", "  of which page templates and writing", "s"),
    ("plain_search_s", "  of which search indexing", "s"),
    ("plain_peak_mb", "  peak memory", "MB"),
    ("mkdocs_ratio", "our mkdocs build / plain MkDocs", "×"),
    ("mkdocs_ratio_cpu", "  the same in CPU seconds", "×"),
    ("pdf_whole_s", "brief pdf, the whole brief (not part of brief site, which publishes the current edition)", "s"),
    ("pdf_whole_pages", "  PDF pages", ""),
    ("pdf_whole_peak_mb", "  peak memory", "MB"),
    ("pdf_edition_s", "brief pdf --edition: the current edition (the last quarter's notes)", "s"),
    ("pdf_edition_notes", "  notes in it", ""),
    ("pdf_edition_peak_mb", "  peak memory", "MB"),
    ("site_s", "brief site total (its PDF: the current edition)", "s"),
    ("site_check_s", "  of which check and index", "s"),
    ("site_render_s", "  of which rendering and writing the staged pages", "s"),
    ("site_pdf_s", "  of which waiting for the feeds and the edition PDF (made beside, in a second process)", "s"),
    ("site_write_s", "  of which moving the feeds, data and PDF into the staged docs and site", "s"),
    ("site_mkdocs_s", "  of which mkdocs build --strict", "s"),
    ("site_search_s", "  of which the search index (Pagefind over the built site, while the feeds and PDF are made)", "s"),
    ("site_swap_s", "  of which swapping the new site in (removing the old one)", "s"),
    ("site_peak_mb", "  peak memory", "MB"),
    ("site_ratio", "brief site total / plain MkDocs", "×"),
    ("site_ratio_cpu", "  the same in CPU seconds", "×"),
    ("site_growth", "brief site total, 10,000 notes / 1,000 notes", "×"),
    ("site_files", "site files", ""),
    ("site_mb", "site size", "MB"),
    ("search_index_mb", "search index, all of it (pagefind/: a search fetches a few of its files)", "MB"),
    ("search_index_files", "  files in it", ""),
    ("largest_page_mb", "largest generated page", "MB"),
    ("home_page_mb", "home page (index.html)", "MB"),
    ("timeline_page_mb", "timeline page", "MB"),
    ("home_load_s", "home page load in headless Chromium", "s"),
    ("home_fetched_mb", "  bytes fetched", "MB"),
    ("serve_startup_s", "brief serve: start → first page served", "s"),
    ("serve_edit_s", "brief serve: saved edit → updated page served", "s"),
    ("serve_search_s", "brief serve: saved edit → search index updated (Pagefind, in the background)", "s"),
    ("serve_peak_mb", "  peak memory, brief serve", "MB"),
    ("search_cold_ms", "search: typing at page load → first results (Chromium, median of 3; Pagefind loads first)", "ms"),
    ("search_fetched_mb", "  bytes fetched by that search (engine, index pieces, results; not the page)", "MB"),
    ("search_paced_ms", "search: typed at a reader's pace (a key every 100 ms) from page load, last key → first results", "ms"),
    ("search_warm_ms", "search: another query, last key → first results", "ms"),
    ("search_warm_fetched_mb", "  bytes fetched by it", "MB"),
    ("peak_max_mb", "largest peak memory of any build process", "MB"),
)


def ratios(measured: dict) -> None:
    """Add each size's ratios to plain MkDocs, in wall and in CPU seconds (CPU: when other work shares the machine)."""
    for ours, name in (("mkdocs", "mkdocs_ratio"), ("site", "site_ratio")):
        for suffix, key in (("_s", name), ("_cpu_s", f"{name}_cpu")):
            if measured.get(ours + suffix) and measured.get("plain" + suffix):
                measured[key] = measured[ours + suffix] / measured["plain" + suffix]


def growth(results: dict[int, dict]) -> str:
    """Issue 16: total `brief site` grows linearly, 10,000 notes ≤ 11 × 1,000 notes (added to the 10,000 run)."""
    small, large = results.get(1000, {}).get("measured", {}), results.get(10000, {}).get("measured", {})
    if not small.get("site_s") or not large.get("site_s"):
        return ""
    large["site_growth"] = large["site_s"] / small["site_s"]
    text, mark = verdict("site_growth", large)
    return f"\nbrief site total, 10,000 / 1,000 notes: {large['site_growth']:.1f}× (target {text}) {mark}"


def value_text(value: float | int | str | None, unit: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if unit == "s":
        return f"{value:,.2f} s" if value < 10 else f"{value:,.1f} s"
    if unit == "ms":
        return f"{value:,.0f} ms"
    if unit == "MB":
        return f"{value:,.2f} MB" if value < 10 else f"{value:,.0f} MB"
    if unit == "×":
        return f"{value:.2f}×"
    return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}"


def timed_text(key: str, measured: dict, unit: str) -> str:
    """The value, and for times the CPU seconds beside the wall time (other work may share the machine)."""
    text = value_text(measured.get(key), unit)
    cpu = measured.get(f"{key[:-2]}_cpu_s") if unit == "s" and key.endswith("_s") else None
    return f"{text} (CPU {value_text(cpu, unit)})" if cpu is not None and measured.get(key) is not None else text


def verdict(key: str, measured: dict) -> tuple[str, str]:
    """(target text with its bound, ✓ or ✗ or '') for one measurement of one run."""
    target = TARGETS.get(key)
    value = measured.get(key)
    if target is None:
        return "", ""
    bound = target.bound(measured)
    unit = next((u for k, _label, u in ROWS if k == key), "")
    text = target.text if bound is None or not target.of else f"{target.text} = {value_text(bound, unit)}"
    if value is None or bound is None or isinstance(value, str):
        return text, ""
    return text, "✓" if value <= bound else "✗"


def lines(notes: int, measured: dict, errors: dict[str, str], loads: list[float] = ()) -> list[str]:
    """One line per measurement: 'label: value (target …) ✓'."""
    out = [f"## {notes:,} notes"]
    if loads:
        busy = max(loads) > (os.cpu_count() or 1)
        out.append(f"  (load average {sum(loads) / len(loads):.1f} on {os.cpu_count()} CPUs, at most {max(loads):.1f}"
                   + (": above the CPU count, other work slowed the wall times; CPU times are steadier)" if busy else ")"))
    for key, label, unit in ROWS:
        if key not in measured and key not in errors:
            continue
        text, mark = verdict(key, measured)
        line = f"  {label}: {timed_text(key, measured, unit)}"
        if text:
            line += f" (target {text}) {mark}".rstrip()
        if key in errors:
            line += f"  [{errors[key]}]"
        out.append(line)
    return out


def markdown(results: dict[int, dict]) -> list[str]:
    """The same numbers side by side, as the README's Speed table."""
    sizes = sorted(results)
    out = ["| | " + " | ".join(f"{n:,} notes" for n in sizes) + " | target (issue 16) |",
           "|---" * (len(sizes) + 2) + "|"]
    for key, label, unit in ROWS:
        if not any(key in results[n]["measured"] for n in sizes):
            continue
        cells = []
        for n in sizes:
            measured = results[n]["measured"]
            _text, mark = verdict(key, measured)
            cells.append(f"{timed_text(key, measured, unit)} {mark}".strip())
        target = TARGETS.get(key)
        shown = f"– {label.strip()}" if label.startswith(" ") else label  # a part of the row above
        out.append(f"| {shown} | " + " | ".join(cells) + f" | {target.text if target else ''} |")
    return out
