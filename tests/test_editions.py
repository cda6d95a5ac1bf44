"""Editions: `brief release`, what each edition added and changed, publication dates in pages,
feeds and data, and the edition PDF — on private copies of the sample brief with a history
made here by the real command line."""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import re
import shutil
from pathlib import Path

import feedparser
import pytest
import yaml

from builder import data, frontmatter
from builder.build import checked_index
from conftest import ROOT, brief, copy_project, write_note

NEW_NOTE = """---
title: A development written after the last edition
date: 2024-11
date_precision: month
sources:
  - name: Axios
    url: https://www.axios.com/later
    published: 2024-12-02
countries: [Iraq]
summary: Something the analysts added after the edition of 30 November 2024.
credibility: 2
---
What happened, known only to the month.
"""
EDITED = "content/notes/2023/rocket-attack-on-us-embassy-in-baghdad.md"


def unreleased(root: Path) -> Path:
    """The project without any edition: a brief that has never been released."""
    shutil.rmtree(root / "content" / "editions", ignore_errors=True)
    return root


def edition_file(root: Path, date: str) -> dict:
    return yaml.safe_load((root / "content" / "editions" / f"{date}.yml").read_text(encoding="utf-8"))


def slugs(root: Path, year: str | None = None) -> set[str]:
    folder = root / "content" / "notes" / (year or "")
    return {p.stem for p in folder.rglob("*.md")}


JUDGEMENT_2023 = """---
title: Al-Sudani's government will likely keep to diplomacy and avoid using force against the Iran-aligned groups
likelihood: likely
confidence: low
supports: [islamic-resistance-claims-84-attacks-sudani-condemns, sudani-carries-blinken-messages-to-tehran]
date: 2023-12-31
---
**Reasoning.** He condemned the attacks and carried US messages to Tehran; one period, few sources.
"""
WITHDRAWN_2023 = """---
title: Iran-aligned groups are unlikely to attack Israel from Iraq in 2024
likelihood: unlikely
confidence: moderate
supports: [iraqi-militia-attacks-on-us-forces-intensify]
date: 2023-12-31
---
**Reasoning.** Their attacks were aimed at US forces.
"""


def make_history(root: Path, holding: Path) -> Path:
    """Two editions made as an analyst would: the 2023 notes and two judgements as they stood then,
    released at the end of 2023; then the 2024 notes, one 2023 note revised, one judgement raised,
    one withdrawn and three new, released at the end of November 2024."""
    unreleased(root)
    content = root / "content"
    shutil.move(content / "notes" / "2024", holding / "2024")
    shutil.move(content / "judgements", holding / "judgements")
    (content / "judgements").mkdir()
    (content / "judgements" / "baghdad-keeps-to-diplomacy.md").write_text(JUDGEMENT_2023, encoding="utf-8")
    (content / "judgements" / "no-attacks-on-israel-from-iraq.md").write_text(WITHDRAWN_2023, encoding="utf-8")
    brief(root, "release", "--date", "2023-12-31", "--title", "End of 2023", check=True)
    shutil.move(holding / "2024", content / "notes" / "2024")
    shutil.rmtree(content / "judgements")
    shutil.move(holding / "judgements", content / "judgements")
    edited = root / EDITED
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA paragraph the analysts added in 2024.\n", encoding="utf-8")
    brief(root, "release", "--date", "2024-11-30", "--title", "End of November 2024", check=True)
    return root


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with two editions made here, then one note added after the second; built once."""
    base = tmp_path_factory.mktemp("history")
    root = make_history(copy_project(base / "brief"), base)
    write_note(root, "2024/written-after-the-edition.md", NEW_NOTE)
    brief(root, "build", check=True)
    return root


# --- brief release ---------------------------------------------------------------------------

def test_release_records_the_date_title_and_a_hash_of_every_note(project: Path) -> None:
    unreleased(project)
    done = brief(project, "release", "--date", "2024-11-30", "--title", "End of November 2024")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("released content/editions/2024-11-30.yml, “End of November 2024”: 21 notes (21 added")
    recorded = edition_file(project, "2024-11-30")
    assert recorded["date"] == dt.date(2024, 11, 30) and recorded["title"] == "End of November 2024"
    assert set(recorded["notes"]) == slugs(project)
    assert all(re.fullmatch(r"[0-9a-f]{16}", h) for h in recorded["notes"].values())
    assert len(set(recorded["notes"].values())) == len(recorded["notes"])
    assert brief(project, "check", "--strict").returncode == 0  # an edition is content, and checks clean


def test_the_hash_is_of_the_parsed_note_not_its_layout(tmp_path: Path) -> None:
    """Comments, quoting, key order and trailing spaces are not changes; a changed word is."""
    variants = {
        "plain": "---\ntitle: A\ndate: 2024-11-05\n---\nBody text.\n",
        "same": "---\n# a comment\ndate: '2024-11-05'   \ntitle: \"A\"\n---\nBody text.   \r\n\n\n",
        "other": "---\ntitle: A\ndate: 2024-11-05\n---\nBody text!\n",
        "other meta": "---\ntitle: B\ndate: 2024-11-05\n---\nBody text.\n",
    }
    digests = {}
    for name, text in variants.items():
        path = tmp_path / f"{name.replace(' ', '-')}.md"
        path.write_bytes(text.encode("utf-8"))
        digests[name] = frontmatter.read(path).digest
    assert digests["plain"] == digests["same"]
    assert len({digests["plain"], digests["other"], digests["other meta"]}) == 3


def test_release_never_rewrites_an_edition(project: Path) -> None:
    unreleased(project)
    brief(project, "release", "--date", "2024-11-30", check=True)
    path = project / "content" / "editions" / "2024-11-30.yml"
    before = path.read_bytes()
    write_note(project, "2024/written-after-the-edition.md", NEW_NOTE)  # something to release
    again = brief(project, "release", "--date", "2024-11-30", "--title", "Another")
    assert again.returncode == 1
    assert ("content/editions/2024-11-30.yml: --date: an edition of 30 Nov 2024 exists; an edition is never rewritten: "
            "release under a later --date") in again.stderr
    earlier = brief(project, "release", "--date", "2024-11-29")
    assert earlier.returncode == 1
    assert "command line: --date: 29 Nov 2024 is before the latest edition (30 Nov 2024" in earlier.stderr
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["2024-11-30.yml"]


def test_release_refuses_when_nothing_changed_or_the_date_is_not_a_day(project: Path) -> None:
    unreleased(project)
    brief(project, "release", "--date", "2024-11-30", check=True)
    same = brief(project, "release", "--date", "2024-12-31")
    assert same.returncode == 1
    assert "nothing changed since the edition of 30 Nov 2024; there is nothing to release" in same.stderr
    month = brief(project, "release", "--date", "2024-12")
    assert month.returncode == 1 and "--date: an edition is dated to the day; write e.g. 2024-12-31" in month.stderr
    assert "Traceback" not in same.stderr + month.stderr


@pytest.mark.parametrize("broken, expected", [
    ("---\ntitle: Broken\ndate: 2024-13-01\nsources: []\n---\nx\n", "date: month 13 does not exist"),
    (NEW_NOTE.replace("summary:", "sumary:"), "sumary: (warning) unknown field 'sumary' is ignored"),  # strict: fatal
])
def test_release_refuses_while_check_strict_fails(project: Path, broken: str, expected: str) -> None:
    unreleased(project)
    write_note(project, "2024/broken.md", broken)
    done = brief(project, "release", "--date", "2024-11-30")
    assert done.returncode == 1
    assert expected in done.stderr
    assert "brief release: refused while 'brief check --strict' reports problems: fix them, then release again" in done.stderr
    assert not (project / "content" / "editions").exists()


def test_release_without_a_date_is_dated_today(project: Path) -> None:
    unreleased(project)
    brief(project, "release", check=True)
    today = dt.date.today().isoformat()  # release is the one command that reads the clock
    assert [p.name for p in (project / "content" / "editions").iterdir()] == [f"{today}.yml"]
    assert edition_file(project, today)["title"] == f"Edition of {dt.date.today().day} {dt.date.today():%b %Y}"


def test_nothing_but_release_reads_the_clock() -> None:
    clock = re.compile(r"\b(?:date|datetime)\.(?:today|now|utcnow)\(|\btime\.(?:time|localtime|gmtime|ctime)\(")
    readers = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "builder").rglob("*.py")
                     if clock.search(p.read_text(encoding="utf-8")))
    assert readers == ["builder/release.py"]
    assert clock.search("day = today or dt.date.today()")  # the pattern finds what it looks for


EDITION = "date: 2024-11-30\ntitle: End of November\nnotes:\n  rocket-attack-on-us-embassy-in-baghdad: \"0123456789abcdef\"\njudgements: {}\n"
BROKEN_EDITIONS = {
    "bad hash": ("2024-11-30.yml", EDITION.replace('"0123456789abcdef"', "xyz"),
                 "content/editions/2024-11-30.yml:4: notes.rocket-attack-on-us-embassy-in-baghdad: expected a content hash "
                 "of 16 hex digits, received 'xyz'; editions are written by 'brief release'; restore the file from git "
                 "(git checkout -- content/editions)"),
    "date not the file's": ("2024-11-29.yml", EDITION,
                            "content/editions/2024-11-29.yml:1: date: 2024-11-30 is not the date in the file name "
                            "(2024-11-29.yml); editions are written by 'brief release'"),
    "file not named by a date": ("latest.yml", EDITION,
                                 "content/editions/latest.yml:1: file: an edition file is named by its date, e.g. "
                                 "2024-11-30.yml; rename 'latest.yml'"),
    "missing title": ("2024-11-30.yml", EDITION.replace("title: End of November\n", ""),
                      "content/editions/2024-11-30.yml:1: title: missing; add a line 'title: …'"),
    "notes not a mapping": ("2024-11-30.yml", EDITION.replace("notes:\n  rocket-attack-on-us-embassy-in-baghdad: \"0123456789abcdef\"",
                                                              "notes: [a, b]"),
                            "content/editions/2024-11-30.yml:3: notes: expected 'slug: …' lines, received a list"),
    "likelihood off the scale": ("2024-11-30.yml", EDITION.replace("judgements: {}", "judgements:\n  j:\n    title: T\n"
                                 "    likelihood: probably\n    confidence: low\n    hash: \"0123456789abcdef\""),
                                 "content/editions/2024-11-30.yml:8: judgements.j.likelihood: 'probably' is how the term "
                                 "reads in a sentence; write the term itself. Did you mean 'probable'?"),
    "broken YAML": ("2024-11-30.yml", "date: 2024-11-30\ntitle: [End\nnotes: {}\n",
                    "content/editions/2024-11-30.yml:3: file: YAML syntax error"),
}


@pytest.mark.parametrize("case", sorted(BROKEN_EDITIONS))
def test_a_malformed_edition_is_reported_with_path_line_and_field(project: Path, case: str) -> None:
    name, text, expected = BROKEN_EDITIONS[case]
    unreleased(project)
    (project / "content" / "editions").mkdir()
    (project / "content" / "editions" / name).write_text(text, encoding="utf-8")
    done = brief(project, "check")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert expected in done.stderr, done.stderr


# --- what each edition added and changed -----------------------------------------------------

def test_each_edition_knows_what_it_added_and_changed(history: Path) -> None:
    index = checked_index(history)[1]
    first, second = index.editions
    assert [e.date.iso() for e in index.editions] == ["2023-12-31", "2024-11-30"]
    assert {n.slug for n in index.history.of(first).added} == slugs(history, "2023")
    assert {n.slug for n in index.history.of(second).added} == slugs(history, "2024") - {"written-after-the-edition"}
    assert [n.slug for n in index.history.of(second).changed] == ["rocket-attack-on-us-embassy-in-baghdad"]
    assert [n.slug for n in index.history.unreleased.added] == ["written-after-the-edition"]
    edited = next(n for n in index.notes if n.slug == "rocket-attack-on-us-embassy-in-baghdad")
    publication = index.history.publication(edited)
    assert (publication.first.iso(), publication.changed.iso(), publication.pending) == ("2023-12-31", "2024-11-30", "")


def test_the_home_page_says_what_is_new_since_the_previous_edition(history: Path) -> None:
    home = (history / "build" / "docs" / "index.md").read_text(encoding="utf-8")
    since = home.split("## New since 31 Dec 2023 {#new-since}")[1].split("\n## ")[0]
    assert 'href="editions/2024-11-30/">edition of 30 Nov 2024</a>, “End of November 2024”, added 12 notes and changed 1' in since
    assert since.count("brief-badge-new") == 8 and since.count("brief-badge-changed") == 1  # eight of each, then a link
    assert '<a href="notes/rocket-attack-on-us-embassy-in-baghdad/">' in since.split("brief-badge-changed")[1]
    assert "Not yet in an edition: <a href=\"notes/written-after-the-edition/\">" in since


def test_the_editions_pages_list_every_edition_and_what_it_published(history: Path) -> None:
    docs = history / "build" / "docs"
    listing = (docs / "editions" / "index.md").read_text(encoding="utf-8")
    rows = re.findall(r'<tr><td><a href="../editions/(\d{4}-\d\d-\d\d)/">.*?</td><td>(.*?)</td><td>(\d+)</td><td>(\d+)</td>'
                      r'<td>(\d+)</td>', listing)
    assert rows == [("2024-11-30", "End of November 2024", "21", "12", "1"), ("2023-12-31", "End of 2023", "9", "9", "0")]
    page = (docs / "editions" / "2024-11-30.md").read_text(encoding="utf-8")
    assert "## Added (12) {#added}" in page and "## Changed (1) {#changed}" in page
    changed = page.split("## Changed (1)")[1]
    assert 'id="rocket-attack-on-us-embassy-in-baghdad"' in changed
    nav = yaml.safe_load((history / "build" / "mkdocs.gen.yml").read_text(encoding="utf-8"))["nav"]
    assert {"Home": "index.md"} in nav and {"Editions": "editions/index.md"} in nav


def test_a_note_page_shows_first_published_and_last_changed_beside_the_event_date(history: Path) -> None:
    docs = history / "build" / "docs" / "notes"
    edited = (docs / "rocket-attack-on-us-embassy-in-baghdad.md").read_text(encoding="utf-8")
    line = next(x for x in edited.splitlines() if "brief-published" in x)
    assert ('first published <a href="../../editions/2023-12-31/"><time datetime="2023-12-31">31 Dec 2023</time></a>, '
            'last changed <a href="../../editions/2024-11-30/"><time datetime="2024-11-30">30 Nov 2024</time></a>') in line
    fresh = (docs / "written-after-the-edition.md").read_text(encoding="utf-8")
    assert '<span class="brief-published">not yet in an edition</span>' in fresh


# --- feeds dated by publication --------------------------------------------------------------

def test_feed_items_are_dated_and_ordered_by_publication_never_by_event(history: Path) -> None:
    atom = feedparser.parse((history / "build" / "docs" / "feeds" / "atom.xml").read_bytes())
    assert not atom.bozo
    by_slug = {e.link.rstrip("/").rsplit("/", 1)[1]: e for e in atom.entries}
    for slug in slugs(history, "2023") - {"rocket-attack-on-us-embassy-in-baghdad"}:
        assert (by_slug[slug].published, by_slug[slug].updated) == ("2023-12-31T00:00:00Z", "2023-12-31T00:00:00Z"), slug
    edited = by_slug["rocket-attack-on-us-embassy-in-baghdad"]
    assert (edited.published, edited.updated) == ("2023-12-31T00:00:00Z", "2024-11-30T00:00:00Z")
    for slug in slugs(history, "2024") - {"written-after-the-edition"}:
        assert by_slug[slug].published == "2024-11-30T00:00:00Z", slug
    # not yet released: the latest edition's date, listed first (newest publication first)
    assert by_slug["written-after-the-edition"].published == "2024-11-30T00:00:00Z"
    updated = [e.updated for e in atom.entries]
    assert updated == sorted(updated, reverse=True)
    assert atom.entries[0].updated == "2024-11-30T00:00:00Z" and atom.entries[-1].updated == "2023-12-31T00:00:00Z"
    assert atom.feed.updated == "2024-11-30T00:00:00Z"


def test_a_month_precision_note_is_never_given_a_day_in_a_feed(history: Path) -> None:
    docs = history / "build" / "docs" / "feeds"
    entry = next(e for e in feedparser.parse((docs / "atom.xml").read_bytes()).entries if "written-after" in e.link)
    text = entry.summary + entry.content[0].value
    assert "Event date: Nov 2024 (month precision). Not yet in an edition." in text
    assert not re.search(r"\b\d{1,2} Nov 2024\b", text)
    item = next(i for i in json.loads((docs / "feed.json").read_text())["items"] if "written-after" in i["url"])
    assert item["summary"].startswith("Nov 2024 (month): Something the analysts added")
    rss = feedparser.parse((docs / "rss.xml").read_bytes())
    assert not rss.bozo and all(e.published_parsed for e in rss.entries)


# --- the brief as data -----------------------------------------------------------------------

def test_events_csv_and_json_have_one_row_per_note_with_publication_dates(history: Path) -> None:
    folder = history / "build" / "docs" / "data"
    rows = list(csv.DictReader(io.StringIO((folder / "events.csv").read_text(encoding="utf-8"), newline="")))
    assert tuple(rows[0]) == data.COLUMNS
    assert {r["slug"] for r in rows} == slugs(history)
    by_slug = {r["slug"]: r for r in rows}
    assert (by_slug["rocket-attack-on-us-embassy-in-baghdad"]["first_published"],
            by_slug["rocket-attack-on-us-embassy-in-baghdad"]["last_changed"]) == ("2023-12-31", "2024-11-30")
    assert by_slug["written-after-the-edition"]["first_published"] == ""
    assert by_slug["written-after-the-edition"]["date"] == "2024-11"
    assert by_slug["written-after-the-edition"]["date_precision"] == "month"
    assert by_slug["written-after-the-edition"]["permalink"] == "https://brief.example.org/notes/written-after-the-edition/"
    assert (by_slug["written-after-the-edition"]["grade"], by_slug["written-after-the-edition"]["credibility"],
            by_slug["written-after-the-edition"]["independent_sources"]) == ("B2", "2", "1")
    assert by_slug["written-after-the-edition"]["sources"] == "Axios (B) https://www.axios.com/later"
    events = json.loads((folder / "events.json").read_text(encoding="utf-8"))
    assert [e["slug"] for e in events] == [r["slug"] for r in rows]
    assert events[0]["countries"] and isinstance(events[0]["sources"][0], dict)
    assert all(e["sources"][0]["url"] or e["sources"][0]["archived"] for e in events)


def test_timeline_json_is_timelinejs_with_partial_dates(history: Path) -> None:
    timeline = json.loads((history / "build" / "docs" / "data" / "timeline.json").read_text(encoding="utf-8"))
    assert timeline["title"]["text"]["headline"]
    events = {e["unique_id"]: e for e in timeline["events"]}
    assert set(events) == slugs(history)
    for event in events.values():  # what TimelineJS requires of every slide
        assert isinstance(event["start_date"]["year"], int) and event["text"]["headline"] and event["text"]["text"]
    month = events["written-after-the-edition"]["start_date"]
    assert month == {"year": 2024, "month": 11}  # no invented day
    approximate = events["soufan-worst-case-scenario-assessment"]
    assert approximate["start_date"]["display_date"] == "c. 27 Nov 2024" and approximate["display_date"] == "c. 27 Nov 2024"
    day = events["israel-october-26-strike-disputed-target"]["start_date"]
    assert day == {"year": 2024, "month": 10, "day": 26}


def test_a_hostile_title_is_inert_in_the_data(project: Path) -> None:
    write_note(project, "2024/hostile.md", NEW_NOTE.replace("title: A development written after the last edition",
                                                            "title: \"=HYPERLINK(\\\"http://x\\\") <script>alert(1)</script>\""))
    brief(project, "build", check=True)
    folder = project / "build" / "docs" / "data"
    row = next(r for r in csv.DictReader(io.StringIO((folder / "events.csv").read_text(encoding="utf-8"), newline=""))
               if r["slug"] == "hostile")
    assert row["title"].startswith("'=HYPERLINK(")  # a spreadsheet shows it, never runs it
    timeline = (folder / "timeline.json").read_text(encoding="utf-8")
    assert "<script" not in timeline and "script" in timeline
    event = next(e for e in json.loads((folder / "events.json").read_text(encoding="utf-8")) if e["slug"] == "hostile")
    assert event["title"] == '=HYPERLINK("http://x") ‹script›alert(1)‹/script›'  # as the feeds show it: no tag opens


def test_rebuilds_give_byte_identical_docs_feeds_and_data(history: Path, tmp_path: Path) -> None:
    other = tmp_path / "again"
    shutil.copytree(history / "content", other / "content")
    shutil.copytree(history / "templates", other / "templates")
    shutil.copy(history / "mkdocs.yml", other / "mkdocs.yml")
    (other / "builder").symlink_to(ROOT / "builder")
    brief(other, "build", check=True)

    def tree(root: Path) -> dict[str, bytes]:
        docs = root / "build" / "docs"
        return {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}
    first, second = tree(history), tree(other)
    assert {"data/events.csv", "data/timeline.json", "editions/2024-11-30.md", "feeds/atom.xml"} <= set(first)
    assert first == second


# --- the edition PDF -------------------------------------------------------------------------

def test_an_editions_pdf_holds_what_it_added_and_changed(history: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "edition.pdf"
    done = brief(history, "pdf", "--edition", "2024-11-30", "-o", str(out))
    assert done.returncode == 0, done.stderr
    pages = [" ".join((p.extract_text() or "").split()) for p in PdfReader(out).pages]
    cover, rest = pages[0], " ".join(pages[1:])
    assert "EDITION OF 30 NOV 2024" in cover and "End of November 2024" in cover
    assert "Information cut-off 27 Nov 2024" in cover and "Handling INTERNAL" in cover
    assert "13 developments added and changed" not in cover and "12 developments added and 1 changed since 31 Dec 2023" in cover
    assert "Developments since 31 Dec 2023" in rest
    index = checked_index(history)[1]
    second = index.history.of(index.editions[1])
    for note in second.notes:
        assert " ".join(note.title.split()) in rest, note.slug
    unchanged = next(n for n in index.notes if n.slug == "sudani-visits-tehran-khamenei-raisi")
    assert unchanged.title not in rest
    developments = rest.split("Developments since 31 Dec 2023")[1]
    assert developments.count("CHANGED") == 1 and developments.count("NEW") == 12  # each development flagged
    judgements = rest.split("Developments since 31 Dec 2023")[0]
    assert "Key judgements" in judgements and "Judgement changes since 31 Dec 2023" in judgements
    assert ("LIKELIHOOD RAISED, CONFIDENCE RAISED Al-Sudani's government will very likely keep to diplomacy" in judgements
            and "Likelihood raised (likely → very likely); confidence raised (low → moderate)." in judgements)
    assert ("WITHDRAWN Iran-aligned groups are unlikely to attack Israel from Iraq in 2024 "
            "Withdrawn (was unlikely, moderate confidence)." in judgements)


def test_pdf_edition_names_the_editions_there_are(history: Path) -> None:
    done = brief(history, "pdf", "--edition", "2024-11-29", "-o", "/dev/null")
    assert done.returncode == 1
    assert "command line: --edition: no edition of '2024-11-29'; the editions are: 2023-12-31, 2024-11-30" in done.stderr
    mixed = brief(history, "pdf", "--edition", "2024-11-30", "--since", "2024-01", "-o", "/dev/null")
    assert mixed.returncode == 1 and "an edition's PDF takes no --since" in mixed.stderr


# --- judgements across editions --------------------------------------------------------------

def recorded(likelihood: str, confidence: str, digest: str = "0" * 16):
    from builder.model import Recorded
    return Recorded("A judgement", likelihood, confidence, digest)


@pytest.mark.parametrize("before, after, kind, label, likelihood, confidence", [
    (None, ("likely", "low"), "new", "new", "", ""),
    (("likely", "low"), None, "withdrawn", "withdrawn", "", ""),
    (("unlikely", "low"), ("likely", "low"), "revised", "likelihood raised", "raised", ""),
    (("almost certain", "high"), ("roughly even chance", "high"), "revised", "likelihood lowered", "lowered", ""),
    (("likely", "high"), ("likely", "moderate"), "revised", "confidence lowered", "", "lowered"),
    (("likely", "low"), ("very likely", "moderate"), "revised", "likelihood raised, confidence raised", "raised", "raised"),
    (("improbable", "low"), ("likely", "low"), "revised", "likelihood raised", "raised", ""),  # scales compare by band
])
def test_judgement_changes_have_a_kind_and_directions(before, after, kind, label, likelihood, confidence) -> None:
    from builder.editions import judgement_changes
    now = {"j": recorded(*after, digest="1" * 16)} if after else {}
    prior = {"j": recorded(*before)} if before else {}
    (change,) = judgement_changes(now, prior, {}, set())
    assert (change.kind, change.label, change.likelihood, change.confidence) == (kind, label, likelihood, confidence)


def test_an_unchanged_judgement_is_no_change_and_a_reworded_one_is() -> None:
    from builder.editions import judgement_changes
    same = recorded("likely", "low")
    assert judgement_changes({"j": same}, {"j": same}, {}, set()) == ()
    (reworded,) = judgement_changes({"j": recorded("likely", "low", "1" * 16)}, {"j": same}, {}, set())
    assert (reworded.kind, reworded.summary) == ("reworded", "reworded, same estimate: likelihood unchanged (likely); "
                                                             "confidence unchanged (low)")


def test_editions_record_each_judgements_likelihood_and_confidence(history: Path) -> None:
    first, second = edition_file(history, "2023-12-31"), edition_file(history, "2024-11-30")
    assert first["judgements"]["baghdad-keeps-to-diplomacy"]["likelihood"] == "likely"
    assert first["judgements"]["baghdad-keeps-to-diplomacy"]["confidence"] == "low"
    assert set(second["judgements"]) == {p.stem for p in (history / "content" / "judgements").glob("*.md")}
    assert second["judgements"]["baghdad-keeps-to-diplomacy"]["likelihood"] == "very likely"
    assert all(re.fullmatch(r"[0-9a-f]{16}", r["hash"]) for r in second["judgements"].values())


def test_the_home_and_edition_pages_show_judgement_changes_with_before_and_after(history: Path) -> None:
    docs = history / "build" / "docs"
    for page in ("index.md", "editions/2024-11-30.md"):
        text = (docs / page).read_text(encoding="utf-8")
        changes = text.split("## Judgement changes {#judgement-changes}")[1].split("\n## ")[0]
        raised = changes.split('id="judgement-baghdad-keeps-to-diplomacy"')[1].split("</div>")[0]
        assert "likelihood raised, confidence raised</span>" in raised
        assert "likely → <strong>very likely</strong> (raised)" in raised and "low → <strong>moderate</strong> (raised)" in raised
        assert "Moved by, new or changed in this edition:" in raised and "no-sign-baghdad-can-curb-kataib-hezbollah/" in raised
        withdrawn = changes.split('id="judgement-no-attacks-on-israel-from-iraq"')[1].split("</div>")[0]
        assert "withdrawn</span> Iran-aligned groups are unlikely" in withdrawn
        assert "Withdrawn; it was unlikely, moderate confidence" in withdrawn
        assert changes.count("brief-badge-new") == 3
    first = (docs / "editions" / "2023-12-31.md").read_text(encoding="utf-8")
    assert first.count("brief-badge-new") == 2 and "brief-badge-revised" not in first


def test_a_judgement_page_shows_its_estimate_in_each_edition(history: Path) -> None:
    page = (history / "build" / "docs" / "judgements" / "baghdad-keeps-to-diplomacy.md").read_text(encoding="utf-8")
    rows = re.findall(r"<tr><td><a href=\"[^\"]+\">([^<]+)</a>(?: \(([^)]+)\))?</td><td>([^<]+)</td><td>([^<]+)</td></tr>", page)
    assert rows == [("30 Nov 2024", "likelihood raised, confidence raised", "very likely", "moderate"),
                    ("31 Dec 2023", "new", "likely", "low")]


def test_judgement_changes_are_feed_items_dated_by_their_edition(history: Path) -> None:
    docs = history / "build" / "docs" / "feeds"
    atom = feedparser.parse((docs / "atom.xml").read_bytes())
    changes = {e.id: e for e in atom.entries if any(t.term == "judgement change" for t in e.tags)}
    assert set(changes) == {"tag:brief.example.org,2023:judgements/baghdad-keeps-to-diplomacy/2024-11-30",
                            "tag:brief.example.org,2023:judgements/no-attacks-on-israel-from-iraq/2024-11-30"}
    raised = changes["tag:brief.example.org,2023:judgements/baghdad-keeps-to-diplomacy/2024-11-30"]
    assert raised.title.startswith("Judgement revised: Al-Sudani's government will very likely")
    assert (raised.published, raised.updated) == ("2024-11-30T00:00:00Z", "2024-11-30T00:00:00Z")
    assert "likelihood raised (likely → very likely); confidence raised (low → moderate)" in raised.content[0].value
    assert raised.link == "https://brief.example.org/editions/2024-11-30/#judgement-baghdad-keeps-to-diplomacy"
    judgement = next(e for e in atom.entries if e.id.endswith(":judgements/baghdad-keeps-to-diplomacy"))
    assert (judgement.published, judgement.updated) == ("2023-12-31T00:00:00Z", "2024-11-30T00:00:00Z")
    items = json.loads((docs / "feed.json").read_text(encoding="utf-8"))["items"]
    assert {i["id"] for i in items} == {e.id for e in atom.entries}


def test_judgements_json_has_each_judgement_as_each_edition_recorded_it(history: Path) -> None:
    rows = json.loads((history / "build" / "docs" / "data" / "judgements.json").read_text(encoding="utf-8"))
    baghdad = next(r for r in rows if r["slug"] == "baghdad-keeps-to-diplomacy")
    assert (baghdad["likelihood"], baghdad["confidence"], baghdad["probability"]) == ("very likely", "moderate", "80–95 %")
    assert baghdad["editions"] == [{"edition": "2023-12-31", "likelihood": "likely", "confidence": "low"},
                                   {"edition": "2024-11-30", "likelihood": "very likely", "confidence": "moderate"}]
    assert (baghdad["first_published"], baghdad["last_changed"]) == ("2023-12-31", "2024-11-30")
    assert all(s["permalink"].startswith("https://brief.example.org/notes/") and s["grade"] for s in baghdad["supports"])


def test_data_files_joined_from_each_notes_pieces_are_the_whole_lists_dumped(history: Path) -> None:
    """events.json and timeline.json are joined from per-note pieces (an edit serializes one note
    again): the bytes must be json.dumps(indent=1) of the whole data, and events.csv one writer's."""
    project, index, _warnings = checked_index(history)
    made = data.data_files(project, index)
    rows = [data.event(index, project.site, note) for note in index.notes]
    assert made["data/events.json"] == json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    assert made["data/events.csv"] == data.events_csv(rows)
    assert made["data/timeline.json"] == json.dumps(data.timeline(index, project.site), ensure_ascii=False, indent=1) + "\n"
    empty = dataclasses.replace(index, notes=())
    assert json.loads(data.data_files(project, empty)["data/events.json"]) == []
    assert json.loads(data.data_files(project, empty)["data/timeline.json"])["events"] == []
