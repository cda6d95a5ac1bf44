"""Issue 16's targets at 10,000 notes on the project's 2-core machine: the one table of them.

A target is an upper bound on a measurement, absolute (`limit`) or relative to another
measurement of the same run (`limit` × `of`). The same bounds are shown at every size:
at 1,000 notes they are looser than they need to be, never wrong.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    limit: float
    text: str  # as issue 16 states it
    of: str = ""  # the measurement `limit` multiplies, for a relative target

    def bound(self, measured: dict) -> float | None:
        """The upper bound for one run's measurements (None when `of` was not measured)."""
        if not self.of:
            return self.limit
        base = measured.get(self.of)
        return None if base is None else self.limit * base


PEAK = Target(500, "≤ 500 MB for any Python process of the build")

TARGETS: dict[str, Target] = {
    "build_s": Target(3, "≤ 3 s from nothing"),
    "build_cached_s": Target(3, "≤ 3 s (a build that finds the cache)"),
    "build_cached_edit_s": Target(0.5, "≤ 0.5 s after one edit"),
    "rebuild_s": Target(0.5, "≤ 0.5 s after one edit"),
    "site_s": Target(1.3, "≤ 1.3 × plain MkDocs", of="plain_s"),
    "site_ratio": Target(1.3, "≤ 1.3"),
    "site_growth": Target(11, "10,000 notes ≤ 11 × 1,000 notes (linear)"),
    "serve_edit_s": Target(1, "saved edit → updated page ≤ 1 s"),
    "search_cold_ms": Target(300, "first results ≤ 300 ms after typing"),
    "search_paced_ms": Target(300, "first results ≤ 300 ms after typing"),
    "search_warm_ms": Target(300, "first results ≤ 300 ms after typing"),
    "search_fetched_mb": Target(2, "≤ 2 MB fetched"),
    "largest_page_mb": Target(1, "no generated page over 1 MB"),
    "home_page_mb": Target(1, "no generated page over 1 MB"),
    "home_load_s": Target(2, "home page loads in under 2 s"),
    "pdf_edition_s": Target(30, "edition PDF ≤ 30 s"),
    "build_peak_mb": PEAK,
    "rebuild_peak_mb": PEAK,
    "build_cached_peak_mb": PEAK,
    "build_cached_edit_peak_mb": PEAK,
    "mkdocs_peak_mb": PEAK,
    "site_peak_mb": PEAK,
    "pdf_edition_peak_mb": PEAK,
    "serve_peak_mb": PEAK,
    "peak_max_mb": PEAK,
}
