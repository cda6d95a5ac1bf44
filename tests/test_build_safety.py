"""Building under hostile or unlucky conditions: links out of content/, concurrent and killed
builds, MkDocs warnings, removed HTML, broken links, huge tokens. Each test reproduces a
defect of issue 10.
"""
from __future__ import annotations

from pathlib import Path

from conftest import brief

FIX = Path(__file__).parent / "fixtures" / "ingest"


# --- 12. `brief check` counts every draft, also those with problems -------------------------------

def test_check_counts_drafts_with_problems(project: Path):
    brief(project, "ingest", str(FIX / "doubled.txt"), str(FIX / "dateline.txt"), check=True)
    (project / "content" / "inbox" / "broken.md").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    done = brief(project, "check")
    assert "ok: 21 notes, 3 drafts (2 need work before 'brief promote'), " in done.stdout, done.stdout + done.stderr
