"""Kinds are data: one more row in `model.KINDS` gives a registry folder, a note field, pages,
feeds, links and a PDF section, with no other change to the code or the templates."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import write_note

# The brief with one more kind: the table is patched before anything else reads it.
WITH_REGIONS = """
import sys
from builder import model
model.KINDS += (model.Kind("regions", "region", "Regions", "regions"),)
from builder.cli import main
sys.exit(main(sys.argv[1:]))
"""

NOTE = """---
title: Gulf states watch the Iraqi front
date: 2024-11-19
sources:
  - name: Axios
    url: https://www.axios.com/
    published: 2024-11-19
countries: [Iraq]
regions: [Gulf]
---
The Gulf capitals watched Iraq closely.
"""


def brief_with_regions(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", WITH_REGIONS, "--root", str(root), *args],
                          capture_output=True, text=True)


@pytest.mark.slow
def test_a_new_kind_is_one_row_of_the_table(project: Path) -> None:
    (project / "content" / "regions").mkdir()
    (project / "content" / "regions" / "gulf.md").write_text(
        "---\nname: Gulf\naliases: [Persian Gulf]\n---\nThe states on the Gulf.\n", encoding="utf-8")
    write_note(project, "2024/gulf-states-watch.md", NOTE)

    typo = NOTE.replace("regions: [Gulf]", "regions: [Gulff]")
    write_note(project, "2024/gulf-states-watch.md", typo)
    checked = brief_with_regions(project, "check")
    assert checked.returncode == 1
    assert ("content/notes/2024/gulf-states-watch.md:9: regions[0]: unknown region 'Gulff'. "
            "Did you mean 'Gulf'?") in checked.stderr

    write_note(project, "2024/gulf-states-watch.md", NOTE)
    done = brief_with_regions(project, "site")
    assert done.returncode == 0, done.stderr
    site = project / "site"
    index = (site / "regions" / "index.html").read_text(encoding="utf-8")
    assert '<h1 id="regions">Regions<' in index and "1 regions in the brief" in index
    page = (site / "regions" / "gulf" / "index.html").read_text(encoding="utf-8")
    assert "Gulf states watch the Iraqi front" in page and "Also known as:" in page
    note = (site / "notes" / "gulf-states-watch" / "index.html").read_text(encoding="utf-8")
    assert 'class="brief-terms-label">Regions:</span> <a class="brief-term brief-term-regions" href="../../regions/gulf/"' in note
    assert 'The <a href="../../regions/gulf/" class="brief-term" rel="noopener noreferrer">Gulf</a>' in note  # the body
    assert (site / "feeds" / "regions" / "gulf.rss.xml").is_file()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="regions/"' in home  # the navigation and the counts
    whole = project / "whole.pdf"  # the published brief.pdf is the current edition; the whole brief has the sections
    assert brief_with_regions(project, "pdf", "-o", str(whole)).returncode == 0
    text = "\n".join(p.extract_text() for p in PdfReader(whole).pages)
    assert "Regions" in text and "The 1 regions these notes name" in text
