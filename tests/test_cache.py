"""What one command keeps for the next (build/cache.pickle): a new process reads, checks and renders only
what changed since, gives the same bytes as a build from nothing, and a cache it cannot trust is ignored.
"""
from __future__ import annotations

import logging
import pickle
from pathlib import Path

import pytest

from builder import cache, validate
from builder.build import build
from conftest import brief, copy_project
from test_incremental import EDITS, NOTE, _from_nothing, _tree


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The notes `check_note` checks (not those a memo answers for), by file name."""
    seen: list[str] = []
    real = validate.check_note

    def counting(doc, *args, **kwargs):  # noqa: ANN001, ANN202
        seen.append(doc.path.name)
        return real(doc, *args, **kwargs)

    monkeypatch.setattr(validate, "check_note", counting)
    return seen


def _new_process() -> None:
    """What a new process starts with: no memo (it reads build/cache.pickle on its first check)."""
    cache.forget()


@pytest.fixture(autouse=True)
def _clean_memos():
    _new_process()
    yield
    _new_process()


def test_a_new_process_starts_from_what_the_last_build_kept(tmp_path: Path, checked: list[str]) -> None:
    root = copy_project(tmp_path / "brief")
    notes = len(list((root / "content" / "notes").rglob("*.md")))
    build(root, keep=True)
    assert len(checked) == notes and (root / "build" / cache.NAME).is_file()
    _new_process()
    checked.clear()
    assert build(root, keep=True)[3] == (0, 0)
    assert checked == []  # every note came from the cache
    _new_process()
    EDITS["note body"](root)
    written, removed = build(root, keep=True)[3]
    assert checked == [NOTE.name]  # only the edited note is checked again
    assert 0 < written < len(_tree(root / "build" / "docs")) // 2 and removed == 0


@pytest.mark.parametrize("edit", ["note body", "note tags", "registry entry", "template", "deleted note", "renamed slug"])
def test_a_build_in_a_new_process_after_an_edit_is_a_build_from_nothing(edit: str, tmp_path: Path) -> None:
    """The real command line twice: the second process reads what the first kept."""
    root = copy_project(tmp_path / "brief")
    brief(root, "build", check=True)
    before = (root / "build" / cache.NAME).stat().st_mtime_ns
    EDITS[edit](root)
    brief(root, "build", check=True)
    assert (root / "build" / cache.NAME).stat().st_mtime_ns != before  # kept again, for the next one
    assert _tree(root / "build" / "docs") == _from_nothing(root, tmp_path)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "not a dict", "another version"])
def test_a_cache_that_cannot_be_trusted_is_ignored(damage: str, tmp_path: Path, checked: list[str],
                                                   caplog: pytest.LogCaptureFixture) -> None:
    root = copy_project(tmp_path / "brief")
    build(root, keep=True)
    good = _tree(root / "build" / "docs")
    path = root / "build" / cache.NAME
    data = path.read_bytes()
    path.write_bytes({"garbage": b"\x80\x05not a pickle at all", "truncated": data[: len(data) // 2],
                      "not a dict": pickle.dumps(["a", "list"]),
                      "another version": data.replace(cache.version().encode(), b"0" * 32)}[damage])
    _new_process()
    checked.clear()
    EDITS["note title"](root)
    with caplog.at_level(logging.INFO, logger="builder.cache"):
        build(root, keep=True)
    assert len(checked) > 1  # every note checked again: nothing was taken from the damaged cache
    assert "building without it" in caplog.text
    assert _tree(root / "build" / "docs") != good
    assert _tree(root / "build" / "docs") == _from_nothing(root, tmp_path)
    _new_process()
    checked.clear()
    build(root, keep=True)
    assert checked == []  # and the build kept a good one again


def test_a_cache_moved_with_its_brief_is_only_slower(tmp_path: Path) -> None:
    """Kept memos are by path: a brief copied elsewhere (build/ with it) builds the same bytes."""
    import shutil

    root = copy_project(tmp_path / "brief")
    build(root, keep=True)
    moved = tmp_path / "moved"
    shutil.copytree(root, moved)
    _new_process()
    EDITS["note title"](moved)
    build(moved, keep=True)
    assert _tree(moved / "build" / "docs") == _from_nothing(moved, tmp_path)


def test_the_cache_keeps_only_this_briefs_files(tmp_path: Path) -> None:
    """One process that built two briefs (tests do) keeps each brief's own files in its cache."""
    first, second = copy_project(tmp_path / "one"), copy_project(tmp_path / "two")
    build(first)
    build(second, keep=True)
    with open(second / "build" / cache.NAME, "rb") as handle:
        saved = pickle.load(handle)
    documents = saved["memos"]["documents"]
    assert documents and all(path.is_relative_to(second) for path in documents)
    assert all(folder.is_relative_to(second) for folder in saved["memos"]["written"])


def test_brief_check_reads_the_cache_but_does_not_write_it(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "brief")
    assert brief(root, "check").returncode == 0
    assert not (root / "build" / cache.NAME).exists()
    brief(root, "build", check=True)
    kept = (root / "build" / cache.NAME).stat().st_mtime_ns
    assert brief(root, "check").returncode == 0
    assert (root / "build" / cache.NAME).stat().st_mtime_ns == kept


def test_brief_site_makes_again_only_the_pages_an_edit_touched(tmp_path: Path) -> None:
    """`brief site` stages the last docs as links and makes again only what changed: an untouched page is
    the very file it was (its inode), the edited note's page is new, and the pages are a build from nothing's."""
    from builder.build import publish

    root = copy_project(tmp_path / "brief")
    publish(root)
    docs = root / "build" / "docs"
    edited, untouched = docs / "notes" / f"{NOTE.stem}.md", docs / "notes" / "sudani-visits-tehran-khamenei-raisi.md"
    inodes = {path: path.stat().st_ino for path in (edited, untouched)}
    EDITS["note body"](root)
    publish(root)
    assert untouched.stat().st_ino == inodes[untouched]
    assert edited.stat().st_ino != inodes[edited] and "A fresh first line" in edited.read_text(encoding="utf-8")
    pages = {name: data for name, data in _tree(docs).items() if name.endswith(".md")}
    assert pages == {name: data for name, data in _from_nothing(root, tmp_path).items() if name.endswith(".md")}
    assert "A fresh first line" in (root / "site" / "notes" / NOTE.stem / "index.html").read_text(encoding="utf-8")


def test_kept_notes_hash_as_notes_made_in_this_process(tmp_path: Path) -> None:
    """A note's hash is derived once and kept with it, but never on disk: string hashes differ from one
    process to the next, and a kept hash would make equal notes miss each other in every memo."""
    import dataclasses
    import os

    root = copy_project(tmp_path / "brief")
    seed = "1" if os.environ.get("PYTHONHASHSEED") != "1" else "2"
    brief(root, "build", check=True, env={**os.environ, "PYTHONHASHSEED": seed})
    _new_process()
    index = build(root)[1]
    assert all(not note._derived or set(note._derived) <= {"_hash", "terms", "sort_key", "listed_terms", "named_terms"}
               for note in index.notes)
    for note in index.notes:
        fresh = dataclasses.replace(note)  # made here, its hash derived here
        assert fresh == note and hash(fresh) == hash(note), note.slug


def test_an_edit_that_keeps_size_and_time_is_still_seen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Unchanged files are known by their stat and not read again; an edit that keeps the size and puts the
    modification time back (an editor or a sync tool can) changes the inode's change time, and is read."""
    import os

    from builder import load

    root = copy_project(tmp_path / "brief")
    monkeypatch.setattr(load, "RACY_NS", 0)  # the files were written just now: trust their stat at once
    build(root)
    path = root / NOTE
    assert load._CACHE[path][2] is not None
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Blinken", "Blinkin", 1), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    build(root)
    assert "Blinkin" in (root / "build" / "docs" / "notes" / f"{NOTE.stem}.md").read_text(encoding="utf-8")


def test_a_file_changed_just_before_it_was_read_is_read_again(tmp_path: Path) -> None:
    """Its stat is not trusted (it may change again within the same timestamp): its bytes decide."""
    from builder import load

    root = copy_project(tmp_path / "brief")
    build(root)  # every file was copied a moment ago
    assert load._CACHE[root / NOTE][2] is None


def test_a_failed_brief_site_leaves_nothing_of_its_staging_in_the_cache(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """What a publish wrote into its staging folder is forgotten with the folder when MkDocs fails: the
    next cache holds the docs folder alone, not a record of 10,000 files of a folder that is gone."""
    from builder import generator, write
    from builder.build import publish
    from builder.problems import BriefError

    root = copy_project(tmp_path / "brief")
    build(root)

    def failing(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise BriefError("mkdocs build failed (stand-in)")

    monkeypatch.setattr(generator, "build_site", failing)
    with pytest.raises(BriefError):
        publish(root)
    assert [folder for folder in write._WRITTEN if folder.is_relative_to(root)] == [(root / "build" / "docs").resolve()]
