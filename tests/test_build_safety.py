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


# --- 4. nothing outside content/ is read, whatever links point there ------------------------------

OUTSIDE_NOTE = """---
title: A file from outside the project
date: 2024-11-05
sources:
  - name: Axios
    url: https://www.axios.com/
    published: 2024-11-05
---
LEAKED-SECRET-7741 should never be published.
"""


def test_links_out_of_content_are_errors_naming_their_target(project: Path, tmp_path: Path):
    outside = tmp_path / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "outside.md").write_text(OUTSIDE_NOTE, encoding="utf-8")
    (outside / "folder" / "inner.md").write_text(OUTSIDE_NOTE, encoding="utf-8")
    notes = project / "content" / "notes"
    (notes / "2024" / "leak.md").symlink_to(Path("../../../../outside/outside.md"))
    (notes / "linked").symlink_to(outside / "folder", target_is_directory=True)
    (project / "content" / "pages" / "leak.md").symlink_to(outside / "outside.md")
    (project / "content" / "actors" / "leak.md").symlink_to(outside / "outside.md")
    # A link that stays inside content/ is fine.
    (project / "content" / "kept").mkdir()
    (project / "content" / "kept" / "inside.md").write_text(OUTSIDE_NOTE.replace("LEAKED-SECRET-7741", "Kept"), encoding="utf-8")
    (notes / "2024" / "inside.md").symlink_to(Path("../../kept/inside.md"))
    done = brief(project, "check")
    assert done.returncode == 1
    target = (outside / "outside.md").resolve()
    problems = [line for line in done.stderr.splitlines() if line.startswith("content/")]
    assert problems == [
        f"content/actors/leak.md:1: file: is a link to '{target}', outside content/; copy the file into content/ instead",
        f"content/notes/2024/leak.md:1: file: is a link to '{target}', outside content/; copy the file into content/ instead",
        f"content/notes/linked:1: file: is a link to '{(outside / 'folder').resolve()}', outside content/; "
        "copy the files into content/ instead",
        f"content/pages/leak.md:1: file: is a link to '{target}', outside content/; copy the file into content/ instead",
    ]
    assert brief(project, "build").returncode == 1
    for path in (project / "build").rglob("*"):
        assert not path.is_file() or b"LEAKED-SECRET" not in path.read_bytes(), path


def test_a_link_in_the_inbox_is_not_read_by_inbox_or_promote(project: Path, tmp_path: Path):
    outside = tmp_path / "secret.md"
    outside.write_text(OUTSIDE_NOTE, encoding="utf-8")
    (project / "content" / "inbox" / "leak.md").symlink_to(outside)
    inbox = brief(project, "inbox")
    assert "LEAKED" not in inbox.stdout and "A file from outside" not in inbox.stdout
    assert f"content/inbox/leak.md:1: file: is a link to '{outside.resolve()}', outside content/" in inbox.stdout
    refused = brief(project, "promote", "leak")
    assert refused.returncode == 1 and not list((project / "content" / "notes").rglob("leak.md"))
