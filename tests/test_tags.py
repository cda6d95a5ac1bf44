"""Tags are a kind: a row of model.KINDS that needs no registry file. A note's `tags:` make the
tag; `content/tags/<slug>.md` may add a description and aliases; two spellings that would share
one page are an error naming both. Tags get pages, timelines and feeds like any entity."""
from __future__ import annotations

import re
from pathlib import Path

import feedparser

from builder.model import kind_of
from conftest import brief, write_note

TAGGED = """---
title: A tagged development
date: 2024-11-05
sources:
  - name: Axios
    url: https://www.axios.com/2024/11/05/a-tagged-development
    published: 2024-11-05
tags: [{tags}]
credibility: 3
---
What happened.
"""


def test_tags_are_a_kind_that_notes_alone_make() -> None:
    tags = kind_of("tags")
    assert (tags.folder, tags.singular, tags.listed, tags.registered, tags.named) == ("tags", "tag", True, False, False)


def test_every_tag_has_a_page_with_its_timeline_and_feeds(site: Path, built: Path) -> None:
    index = (site / "tags" / "index.html").read_text(encoding="utf-8")
    assert 'href="../tags/iran-israel/"' in index and "Tags" in index
    page = (site / "tags" / "iran-israel" / "index.html").read_text(encoding="utf-8")
    carried = sorted(p.stem for p in (built / "content" / "notes").rglob("*.md")
                     if re.search(r"^tags:.*\biran-israel\b", p.read_text(encoding="utf-8"), re.M))
    assert len(carried) == 3
    assert sorted(re.findall(r'<article class="brief-entry" id="([^"]+)"', page)) == carried
    assert 'href="../../feeds/tags/iran-israel.rss.xml"' in page
    feed = feedparser.parse((site / "feeds" / "tags" / "iran-israel.atom.xml").read_bytes())
    assert not feed.bozo and sorted(e.link.rstrip("/").rsplit("/", 1)[1] for e in feed.entries) == carried


def test_note_pages_and_timeline_entries_link_their_tags(site: Path) -> None:
    note = (site / "notes" / "israel-october-26-strike-disputed-target" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'Tags:</span> <a class="brief-term brief-term-tags" href="../../tags/israeli-strikes/">israeli-strikes</a>',
                     note)
    names = note.split('class="brief-names"')[1].split("</details>")[0]
    assert "Ali Larijani" in names and "israeli-strikes" not in names  # tags are not names in the text
    timeline = (site / "timeline" / "index.html").read_text(encoding="utf-8")
    assert 'href="../tags/iran-israel/"' in timeline


def test_two_spellings_of_one_tag_page_are_an_error_naming_both(project: Path) -> None:
    write_note(project, "2024/tagged.md", TAGGED.format(tags="diplomacy, Iran Israel"))
    done = brief(project, "check")
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (
        "content/notes/2024/tagged.md:8: tags[1]: 'iran israel' would have the same page (tags/iran-israel/) as "
        "'iran-israel' (content/notes/2024/intelligence-iran-plans-attack-on-israel-from-iraq.md:23); write the tag "
        "the same way in both, or register it in content/tags/iran-israel.md with the other spelling among its aliases")
    write_note(project, "2024/tagged.md", TAGGED.format(tags="Index"))
    assert brief(project, "check").stderr.splitlines()[0] == (
        "content/notes/2024/tagged.md:8: tags[0]: 'index' would take the address of the page that lists every tag "
        "(tags/); write the tag another way")


def test_the_same_tag_in_any_case_is_one_tag(project: Path) -> None:
    write_note(project, "2024/tagged.md", TAGGED.format(tags="Diplomacy, IRAN-ISRAEL"))
    assert brief(project, "check").returncode == 0
    brief(project, "build", check=True)
    page = (project / "build" / "docs" / "tags" / "diplomacy.md").read_text(encoding="utf-8")
    assert 'id="tagged"' in page and not (project / "build" / "docs" / "tags" / "Diplomacy.md").exists()


def test_a_registered_tag_adds_a_description_and_aliases(project: Path) -> None:
    (project / "content" / "tags").mkdir()
    (project / "content" / "tags" / "diplomacy.md").write_text(
        "---\nname: diplomacy\naliases: [diplomatic talks]\n---\nTalks between governments.\n", encoding="utf-8")
    write_note(project, "2024/tagged.md", TAGGED.format(tags="Diplomatic talks"))
    brief(project, "build", check=True)
    page = (project / "build" / "docs" / "tags" / "diplomacy.md").read_text(encoding="utf-8")
    assert "Talks between governments." in page and "diplomatic talks" in page and 'id="tagged"' in page


def test_a_busy_tag_page_is_capped_and_points_to_the_years_of_the_timeline(project: Path, monkeypatch) -> None:
    """A tag's page is an entity page: the latest notes in full, then one line each up to the cap, then
    the years of the timeline (by year) where the earlier ones are; its permalinks lead to their year."""
    from builder import render
    from builder.build import build

    monkeypatch.setattr(render, "TERM_NOTES", 28)
    for day in range(1, 31):
        write_note(project, f"2023/busy-{day:02d}.md", TAGGED.replace("2024-11-05", f"2023-06-{day:02d}")
                   .replace("title: A tagged development", f"title: Busy development {day}").format(tags="busy theme"))
    build(project)
    page = (project / "build" / "docs" / "tags" / "busy-theme.md").read_text(encoding="utf-8")
    full = re.findall(r'<article class="brief-entry" id="([^"]+)"', page)
    compact = re.findall(r'<article class="brief-entry brief-entry-compact" id="([^"]+)"', page)
    assert (len(full), len(compact)) == (25, 3) and "busy-30" in full and "busy-01" not in full + compact
    assert "And 2 earlier notes" in page and 'href="../../timeline/2023/">2023</a>' in page
    assert 'href="../../timeline/2023/#busy-30"' in page  # an entry's permalink: its year's page
