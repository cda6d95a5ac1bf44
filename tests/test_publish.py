"""Atomic publish: a failed `brief site` leaves the last good site/ and build/docs byte-identical.

One good site is built; then a note, the MkDocs theme override and the PDF template are broken
in turn. Each failure must say why, leave no staging folder behind, and keep every byte (and
the very folders: nothing was swapped) of the previous output.
"""
from __future__ import annotations

import re

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from builder.defaults import TEMPLATES
from conftest import brief, copy_project, write_note

pytestmark = pytest.mark.slow


def snapshot(root: Path) -> dict[str, object]:
    """Every file of site/ and build/docs with its hash, and the folders' identities."""
    files = {}
    for folder in (root / "site", root / "build" / "docs"):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                files[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return {"files": files, "site inode": (root / "site").stat().st_ino,
            "docs inode": (root / "build" / "docs").stat().st_ino}


@contextmanager
def changed(path: Path, text: str) -> Iterator[None]:
    """`path` holds `text` for the duration; the original comes back afterwards."""
    original = path.read_bytes() if path.exists() else None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    try:
        yield
    finally:
        if original is None:
            path.unlink()
        else:
            path.write_bytes(original)


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    root = copy_project(tmp_path_factory.mktemp("publish") / "brief")
    brief(root, "site", "--strict", check=True)
    return root, snapshot(root)


def failed_site(root: Path) -> str:
    """Run `brief site --strict`, expect failure; its whole output."""
    done = brief(root, "site", "--strict")
    assert done.returncode != 0, done.stdout
    assert not list((root / "build").glob(".staging-*")), "a staging folder was left behind"
    assert not [p for p in root.iterdir() if p.name.startswith(".site.old")], "an old site was left behind"
    return done.stdout + done.stderr


def test_the_good_site_is_complete(good: tuple[Path, dict[str, object]]) -> None:
    root, before = good
    files = before["files"]
    for name in ("site/index.html", "site/timeline/index.html", "site/feeds/rss.xml", "site/brief.pdf",
                 "build/docs/index.md"):
        assert name in files, name


def test_a_broken_note_keeps_the_previous_site(good: tuple[Path, dict[str, object]]) -> None:
    root, before = good
    note = root / "content" / "notes" / "2024" / "broken.md"
    with changed(note, "---\ntitle: Broken\ndate: 2024-13-01\n---\nBody.\n"):
        output = failed_site(root)
    assert "content/notes/2024/broken.md:3: date: month 13 does not exist" in output
    assert "Traceback" not in output
    assert snapshot(root) == before


def test_a_warning_under_strict_keeps_the_previous_site(good: tuple[Path, dict[str, object]]) -> None:
    root, before = good
    path = root / "content" / "notes" / "2024" / "larijani-iran-still-preparing-response.md"
    text = path.read_text(encoding="utf-8")
    with changed(path, text.replace("\ntitle:", "\nheadline: stray field\ntitle:", 1)):
        output = failed_site(root)
    assert "unknown field 'headline' is ignored" in output
    assert snapshot(root) == before


def test_a_failed_mkdocs_build_keeps_the_previous_site(good: tuple[Path, dict[str, object]]) -> None:
    root, before = good
    override = root / "templates" / "overrides" / "main.html"  # the brief's own, over the packaged one
    default = (TEMPLATES / "overrides" / "main.html").read_text(encoding="utf-8")
    with changed(override, default + "\n{% block broken %}\n"):
        output = failed_site(root)
    assert "mkdocs build --strict failed; the previous site is kept" in output
    assert "main.html" in output  # MkDocs' own words say which template
    assert snapshot(root) == before


def test_a_failed_pdf_keeps_the_previous_site(good: tuple[Path, dict[str, object]]) -> None:
    root, before = good
    template = root / "templates" / "pdf" / "entry.html.j2"  # every PDF's entries: the whole brief's and an edition's
    default = (TEMPLATES / "pdf" / "entry.html.j2").read_text(encoding="utf-8")
    with changed(template, default + "\n{% if %}\n"):
        output = failed_site(root)
    assert "Traceback" not in output  # a broken template is the analyst's mistake: a message
    assert re.search(r"templates/pdf/entry\.html\.j2:\d+: template: .*fix the template syntax on this line", output)
    assert snapshot(root) == before


def test_a_good_build_after_the_failures_swaps_in_a_new_site(good: tuple[Path, dict[str, object]]) -> None:
    """The snapshot notices a swap, so the equalities above mean nothing was swapped in."""
    root, before = good
    write_note(root, "2024/late-addition.md", "---\ntitle: A late addition\ndate: 2024-11-20\nsources:\n"
               "  - name: Axios\n    url: https://www.axios.com/2024/11/20/late\n    published: 2024-11-20\ncredibility: 2\n---\nBody.\n")
    brief(root, "site", "--strict", check=True)
    after = snapshot(root)
    assert after["site inode"] != before["site inode"] and after["docs inode"] != before["docs inode"]
    assert "site/notes/late-addition/index.html" in after["files"]
    assert not list((root / "build").glob(".staging-*"))
