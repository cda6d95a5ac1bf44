"""The writer: an analyst's file is never overwritten, and no write leaves a partial file."""
from __future__ import annotations

from pathlib import Path

import pytest

from builder.problems import BriefError
from builder.write import atomic_write, create_new, remove_tree, swap_in, sync_tree


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


def test_an_old_tree_is_removed_whole_and_only_it(tmp_path: Path) -> None:
    """Many files and folders at once (each waits on a busy disk), never following a link out of the tree."""
    outside = tmp_path / "outside"
    (outside / "kept").mkdir(parents=True)
    (outside / "kept" / "file.txt").write_text("kept", encoding="utf-8")
    old = tmp_path / "old"
    for n in range(30):
        (old / "notes" / f"n{n}" / "deeper").mkdir(parents=True)
        (old / "notes" / f"n{n}" / "index.html").write_text(str(n), encoding="utf-8")
        (old / "notes" / f"n{n}" / "deeper" / "x.json").write_text(str(n), encoding="utf-8")
    (old / "empty").mkdir()
    (old / "top.html").write_text("top", encoding="utf-8")
    (old / "link-to-folder").symlink_to(outside / "kept", target_is_directory=True)
    (old / "notes" / "link-to-file").symlink_to(outside / "kept" / "file.txt")
    remove_tree(old)
    assert not old.exists() and not old.is_symlink()
    assert (outside / "kept" / "file.txt").read_text(encoding="utf-8") == "kept"
    remove_tree(old)  # nothing there: nothing to do


def test_swap_in_replaces_the_whole_tree_and_leaves_no_old_one(tmp_path: Path) -> None:
    target, staged = tmp_path / "site", tmp_path / ".staging" / "site"
    (target / "gone").mkdir(parents=True)
    (target / "gone" / "index.html").write_text("old", encoding="utf-8")
    (staged / "new").mkdir(parents=True)
    (staged / "new" / "index.html").write_text("new", encoding="utf-8")
    swap_in(staged, target)
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*")) == ["new", "new/index.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".staging", "site"]
