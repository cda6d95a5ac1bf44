"""The writer: an analyst's file is never overwritten, and no write leaves a partial file."""
from __future__ import annotations

from pathlib import Path

import pytest

from builder.problems import BriefError
from builder.write import atomic_write, create_new, sync_tree


def test_create_new_never_replaces_an_existing_file(tmp_path: Path) -> None:
    note = tmp_path / "notes" / "mine.md"
    assert create_new(note, "first\n") is True
    assert create_new(note, "second\n") is False
    assert note.read_text(encoding="utf-8") == "first\n"
    assert [p.name for p in note.parent.iterdir()] == ["mine.md"]  # no temporary file left


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "page.md"
    atomic_write(target, "good\n")
    with pytest.raises(TypeError):
        atomic_write(target, 12345)  # type: ignore[arg-type]  # not text: fails half-way
    assert target.read_text(encoding="utf-8") == "good\n"
    assert [p.name for p in tmp_path.iterdir()] == ["page.md"]


def test_sync_rewrites_only_what_changed_and_removes_the_rest(tmp_path: Path) -> None:
    assert sync_tree({"a.md": "A", "sub/b.md": "B"}, tmp_path) == (2, 0)
    before = (tmp_path / "a.md").stat().st_mtime_ns
    assert sync_tree({"a.md": "A", "sub/c.md": "C"}, tmp_path) == (1, 1)
    assert (tmp_path / "a.md").stat().st_mtime_ns == before
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()) == ["a.md", "sub/c.md"]


@pytest.mark.parametrize("name", ["../escape.md", "/etc/passwd", "a\x00b.md", "notes/../../x.md"])
def test_no_output_path_leaves_the_folder(tmp_path: Path, name: str) -> None:
    with pytest.raises(BriefError) as caught:
        sync_tree({name: "x"}, tmp_path / "out")
    assert "path:" in str(caught.value)
    assert not (tmp_path / "escape.md").exists()
