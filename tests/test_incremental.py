"""Rebuilds in one process (`brief serve`) make again only what an edit touches, and give the same
bytes as a build from nothing: after an edit to a note, its tags, a registry entry or a template, a
deleted note, a renamed slug, a note in a new year, and a generated file changed by hand.
"""
from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from builder.build import build
from conftest import brief, copy_project


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _from_nothing(project: Path, tmp: Path) -> dict[str, bytes]:
    """The docs a fresh process builds from a copy of the project's sources (no build/ folder)."""
    fresh = tmp / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir()
    for name in ("content", "templates"):
        shutil.copytree(project / name, fresh / name)
    shutil.copy(project / "mkdocs.yml", fresh / "mkdocs.yml")
    brief(fresh, "build", check=True)
    return _tree(fresh / "build" / "docs")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


NOTE = Path("content/notes/2023/blinken-baghdad-visit-sudani-promise.md")
ACTOR = Path("content/actors/mohammed-shia-al-sudani.md")


def _body(root: Path) -> None:
    _edit(root / NOTE, "\n---\n", "\n---\nA fresh first line, about al-Sudani.\n\n")


def _title(root: Path) -> None:  # the neighbours' pages show it, and so do the entity pages and feeds
    _edit(root / NOTE, "title: ", "title: Edited — ")


OLD_TAGS = "tags: [diplomacy, force-protection, us-presence]"


def _tags(root: Path) -> None:  # tags are made by notes: the old tags' pages and feeds lose it, the new ones get it
    _edit(root / NOTE, OLD_TAGS, "tags: [Diplomacy, economy, a-new-theme]")


def _registry(root: Path) -> None:  # a new alias: every note's links and lists of names
    _edit(root / ACTOR, "aliases: [", "aliases: [Abu Sudani Test, ")
    (root / ACTOR).write_text((root / ACTOR).read_text(encoding="utf-8") + "\nA profile line added.\n", encoding="utf-8")


def _template(root: Path) -> None:
    from builder import defaults

    own = root / "templates" / "partials" / "entry-compact.html.j2"
    own.parent.mkdir(parents=True, exist_ok=True)
    own.write_text((defaults.TEMPLATES / "partials" / "entry-compact.html.j2").read_text(encoding="utf-8")
                   .replace("</article>", "<!-- edited --></article>"), encoding="utf-8")


def _delete(root: Path) -> None:
    (root / NOTE).unlink()


def _rename(root: Path) -> None:
    (root / NOTE).rename(root / NOTE.with_name("blinken-in-baghdad.md"))


def _new_year(root: Path) -> None:  # the cut-off moves to 2025: /timeline/ is 2025, 2024 gets its own page
    source = (root / "content" / "notes" / "2024").iterdir().__next__().read_text(encoding="utf-8")
    (root / "content" / "notes" / "2025").mkdir()
    (root / "content" / "notes" / "2025" / "a-note-of-2025.md").write_text(
        source.replace("\ndate: ", "\ndate: 2025-01-02\nold_date: ", 1).replace("old_date:", "# was:"), encoding="utf-8")


EDITS: dict[str, Callable[[Path], None]] = {"note body": _body, "note title": _title, "note tags": _tags,
                                            "registry entry": _registry,
                                            "template": _template, "deleted note": _delete, "renamed slug": _rename,
                                            "new year": _new_year}


@pytest.mark.parametrize("edit", list(EDITS))
def test_a_rebuild_after_an_edit_is_a_build_from_nothing(edit: str, tmp_path: Path) -> None:
    root = copy_project(tmp_path / "brief")
    build(root)
    before = _tree(root / "build" / "docs")
    EDITS[edit](root)
    written, removed = build(root)[3]
    after = _tree(root / "build" / "docs")
    assert after == _from_nothing(root, tmp_path)
    changed = {name for name in after if before.get(name) != after[name]} | set(before) - set(after)
    assert written + removed == len(changed)  # only what changed was written (or removed)
    assert 0 < len(changed) < len(after) // 2 or edit in ("registry entry", "template", "new year")
    if edit == "note tags":  # each tag the note left or joined: its page, its feeds, and the index of tags
        for tag in ("force-protection", "us-presence", "economy", "a-new-theme"):
            assert {f"tags/{tag}.md", f"feeds/tags/{tag}.rss.xml", f"feeds/tags/{tag}.feed.json"} <= changed, tag
        assert "tags/index.md" in changed  # its counts


def test_a_tag_no_note_carries_any_more_goes_with_its_feeds(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "brief")
    build(root)
    _tags(root)
    build(root)
    assert (root / "build" / "docs" / "tags" / "a-new-theme.md").is_file()
    _edit(root / NOTE, "a-new-theme]", "us-presence]")
    build(root)
    after = _tree(root / "build" / "docs")
    assert after == _from_nothing(root, tmp_path)
    assert not [name for name in after if "a-new-theme" in name]


def test_edits_one_after_another_stay_exact(tmp_path: Path) -> None:
    """Several edits in one process, each rebuild compared with a build from nothing."""
    root = copy_project(tmp_path / "brief")
    build(root)
    for edit in ("note title", "note tags", "registry entry", "renamed slug", "template", "note body"):
        EDITS[edit](root) if edit != "note body" else _edit(root / NOTE.with_name("blinken-in-baghdad.md"), "\n---\n", "\n---\nNew.\n\n")
        build(root)
        assert _tree(root / "build" / "docs") == _from_nothing(root, tmp_path), edit


def test_a_generated_file_changed_by_hand_is_made_again(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "brief")
    build(root)
    page = root / "build" / "docs" / "notes" / "blinken-baghdad-visit-sudani-promise.md"
    good = page.read_bytes()
    page.write_bytes(good.replace(b"Blinken", b"Blinkin"))
    (root / "build" / "docs" / "stray.md").write_text("# not ours\n", encoding="utf-8")
    build(root)
    assert page.read_bytes() == good
    assert _tree(root / "build" / "docs") == _from_nothing(root, tmp_path)


def test_brief_serve_rebuilds_only_what_an_edit_touched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The serve hook in one process, as `mkdocs serve --dirty` runs it: the edited note's page is built
    again, pages it does not touch are not (their files keep their times), and the edit shows."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from builder import generator
    from builder.config import load_project
    from builder.render import navigation

    root = copy_project(tmp_path / "brief")
    monkeypatch.setenv("BRIEF_ROOT", str(root))
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setattr("builder.mkdocs_hooks._built", [False])
    project = load_project(root)[0]
    nav = navigation(build(root)[1])
    config = generator.write_config(project, project.build_dir, project.docs_dir, nav, name=generator.SERVE_CONFIG, serve=True)
    site = tmp_path / "served"

    def serve_build() -> None:
        mkdocs_build(load_config(str(config), site_dir=str(site)), serve_url="http://127.0.0.1:8000/", dirty=True)

    serve_build()
    page = site / "notes" / "blinken-baghdad-visit-sudani-promise" / "index.html"
    other = site / "notes" / "sudani-visits-tehran-khamenei-raisi" / "index.html"
    other_time = other.stat().st_mtime_ns
    _edit(root / NOTE, "\n---\n", "\n---\nServed at once.\n\n")
    serve_build()
    assert "Served at once." in page.read_text(encoding="utf-8")
    assert other.stat().st_mtime_ns == other_time


def test_entries_link_their_own_page_as_itself_whichever_page_drew_them_first(tmp_path: Path) -> None:
    """Entries are shared by pages at one depth, except where they link the page they are on."""
    root = copy_project(tmp_path / "brief")
    build(root)
    for name, page in (("Iran", "countries/iran.md"), ("Iraq", "countries/iraq.md")):
        text = (root / "build" / "docs" / page).read_text(encoding="utf-8")
        assert f'href="./">{name}</a>' in text
        assert f'href="../../{page[:-3]}/">{name}</a>' not in text


def test_a_busy_year_is_split_into_pages_of_whole_months(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No timeline page grows without bound: past TIMELINE_PAGE notes a year goes on in further pages,
    each of whole months; every note is on exactly one page, and its permalinks lead there."""
    import re

    from builder import index as index_module

    monkeypatch.setattr(index_module, "TIMELINE_PAGE", 4)
    root = copy_project(tmp_path / "brief")
    build(root)
    docs = root / "build" / "docs"
    pages = sorted(p.relative_to(docs).as_posix() for p in docs.glob("timeline*.md")) + \
        sorted(p.relative_to(docs).as_posix() for p in (docs / "timeline").rglob("*.md"))
    assert "timeline.md" in pages and "timeline/2024/2.md" in pages and "timeline/2023/2.md" in pages
    seen: dict[str, str] = {}
    for page in pages:
        text = (docs / page).read_text(encoding="utf-8")
        slugs = re.findall(r'<article class="brief-entry[^"]*" id="([^"]+)"', text)
        months = re.findall(r"^## .* \{#(\d{4}-\d{2})\}", text, re.M)
        assert len(slugs) <= 4 or len(months) == 1, page  # more only when one month alone holds more
        for slug in slugs:
            assert slug not in seen, (slug, page, seen.get(slug))
            seen[slug] = page
    notes = {p.stem for p in (root / "content" / "notes").rglob("*.md")}
    assert set(seen) == notes
    for slug in ("blinken-baghdad-visit-sudani-promise", "israel-october-26-strike-disputed-target"):
        note = (docs / "notes" / f"{slug}.md").read_text(encoding="utf-8")
        target = seen[slug][:-3].removesuffix("/index")
        assert f'href="../../{target}/#{slug}">in the timeline</a>' in note
