"""The sample brief's two editions are true: each is what `brief release` records from what the
brief held at its date (tests/sample_history.py says how they were made and makes them again)."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import sample_history
from conftest import ROOT, copy_project

FIX = "the sample's editions are stale; remake them with: python tests/sample_history.py (and commit content/editions)"


def test_the_2023_edition_is_what_the_brief_held_at_the_end_of_2023(tmp_path: Path) -> None:
    work = sample_history.end_of_2023(tmp_path / "end-of-2023")
    made = sample_history.release(work, "2023-12-31")
    assert made.read_bytes() == (ROOT / "content" / "editions" / "2023-12-31.yml").read_bytes(), FIX


def test_the_latest_edition_holds_the_content_as_it_is(project: Path) -> None:
    committed = project / "content" / "editions" / "2024-11-30.yml"
    expected = committed.read_bytes()
    committed.unlink()
    assert sample_history.release(project, "2024-11-30").read_bytes() == expected, FIX


def test_between_the_editions_notes_were_added_and_changed_and_a_judgement_moved(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    since = home.split('id="new-since"')[1].split('id="developments-per-month"')[0]
    assert "New since 31 Dec 2023" in since
    assert since.count("brief-badge-new") >= 8 and since.count("brief-badge-changed") == 2
    raised = since.split('id="judgement-baghdad-keeps-to-diplomacy"')[1].split("</div>")[0]
    assert "likelihood raised, confidence raised" in raised
    assert re.search(r"likely → <strong>very likely</strong> \(raised\)", raised)
    judgement = (site / "judgements" / "baghdad-keeps-to-diplomacy" / "index.html").read_text(encoding="utf-8")
    assert "Why it changed." in judgement and "edition of 31 December 2023 judged this likely" in judgement
