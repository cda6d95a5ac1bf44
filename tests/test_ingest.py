"""`brief ingest`, `brief inbox`, `brief promote` on fixtures in the shapes of saved articles and feeds."""
from __future__ import annotations

import http.server
import re
import threading
from functools import partial
from pathlib import Path

import pytest

from builder.frontmatter import read
from builder.ingest.pipeline import ingest
from builder.ingest.text import read_article
from conftest import brief

FIX = Path(__file__).parent / "fixtures" / "ingest"


def article(name: str):
    return read_article((FIX / name).read_text(encoding="utf-8"), name)


def drafts(root: Path) -> dict[str, Path]:
    return {p.stem: p for p in sorted((root / "content" / "inbox").glob("*.md"))}


def only_draft(root: Path):
    (path,) = drafts(root).values()
    return read(path)


# --- text articles: cleaning and dating --------------------------------------------------------

def test_furniture_and_unrelated_headlines_are_removed():
    a = article("furniture.txt")
    text = "\n".join(a.paragraphs)
    assert a.title == "Baghdad Weighs Drone Curbs After Talks With Washington"
    for furniture in ("No time to read", "Get a summary", "Share this article", "Subscribe", "Previous Article",
                      "Next Article", "Local Football Club", "Ten Recipes"):
        assert furniture not in text
    assert text.startswith("Iraqi officials said on Tuesday")
    assert text.endswith("rather than a binding order.")
    assert any("page furniture" in note for note in a.notes)


def test_a_text_held_twice_keeps_each_paragraph_once():
    a = article("doubled.txt")
    assert len(a.paragraphs) == 3 == len(set(a.paragraphs))
    assert a.title.startswith("Analysts in Erbil describe")  # no headline: the first sentence
    assert "removed 3 repeated paragraphs" in a.notes


@pytest.mark.parametrize("name, date, published_at", [
    ("furniture.txt", "2024-11-26", ""),                 # Nov. 26, 2024
    ("dateline.txt", "2024-10-03", "no time zone given"),  # 2024-10-03 18:45
    ("date-prefix.txt", "2023-12-11", ""),               # ' date 2023-12-11 The …'
    ("slash-date.txt", "2024-11-26", ""),                # 26/11/2024 cannot be read two ways
])
def test_each_date_form(name: str, date: str, published_at: str):
    a = article(name)
    assert a.date is not None and a.date.iso() == date
    assert published_at in a.published_at
    assert not any(re.search(r"\d{4}", p[:12]) and "date" in p[:6] for p in a.paragraphs)


def test_date_prefix_is_cut_from_the_text_it_precedes():
    a = article("date-prefix.txt")
    assert a.paragraphs[0].startswith("Rocket fire near the US Embassy")


def test_ambiguous_or_missing_date_stays_undated_and_says_why():
    ambiguous = article("ambiguous-date.txt")
    assert ambiguous.date is None and "03/04/2024" in ambiguous.undated and "ambiguous" in ambiguous.undated
    missing = article("doubled.txt")
    assert missing.date is None and "no date line" in missing.undated


def test_dateline_and_trailing_domain_name_the_outlet():
    a = article("dateline.txt")
    assert a.outlet == "Shafaq News" and a.outlet_url == "https://shafaq.com"
    assert a.paragraphs[0].startswith("Members of the Iraqi parliament")
    assert "shafaq.com" not in a.paragraphs[-1]
    assert a.title == "Iraqi parliament debates the future of the coalition mission"
    assert a.title not in a.paragraphs  # the repeated headline is gone


# --- the drafts written ------------------------------------------------------------------------

def test_entities_with_aliases_case_possessives_and_apostrophes(project: Path):
    report = ingest(project, [str(FIX / "furniture.txt")], progress=lambda m: None)
    assert report.count("created") == 1
    meta = only_draft(project).meta
    assert meta["date"] == "2024-11-26"
    # 'IRAN’s', 'Iran's', 'Iraqi soil' …; 'Al-Sudani' and 'al-Sudani'; 'Shi’ite militias' with a curly apostrophe
    assert {"Iran", "Iraq", "United States"} <= set(meta["countries"])
    assert {"Mohammed Shia al-Sudani", "Iran-backed Iraqi militias", "Antony Blinken"} <= set(meta["actors"])
    assert meta["actors"][0] == "Mohammed Shia al-Sudani"  # the most mentioned first
    source = meta["sources"][0]
    assert source["name"] == "Axios"  # '… told Axios'
    assert source["published"] == "2024-11-26"


def test_unknown_names_are_proposed_with_counts(project: Path):
    ingest(project, [str(FIX / "doubled.txt")], progress=lambda m: None)
    meta = only_draft(project).meta
    assert {"name": "Popular Mobilization Forces", "count": 3} in meta["ingest"]["proposed"]
    assert meta["date"] == "undated" and "no date line" in meta["ingest"]["undated"]


def test_reingest_creates_nothing_and_changes_no_byte(project: Path):
    inputs = [str(FIX / n) for n in ("furniture.txt", "dateline.txt", "feed.xml")]
    first = brief(project, "ingest", *inputs, check=True)
    assert "ingest: 5 created, 0 skipped as duplicates" in first.stdout
    before = {p.name: p.read_bytes() for p in drafts(project).values()}
    second = brief(project, "ingest", *inputs, check=True)
    assert "ingest: 0 created, 5 skipped as duplicates, 0 flagged as near-duplicates, 0 failed" in second.stdout
    assert {p.name: p.read_bytes() for p in drafts(project).values()} == before
    assert "[3/3]" in second.stderr  # progress


def test_near_duplicate_is_flagged_with_the_draft_it_resembles(project: Path):
    ingest(project, [str(FIX / "story-outlet-a.txt")], progress=lambda m: None)
    report = ingest(project, [str(FIX / "story-outlet-b.txt"), str(FIX / "dateline.txt")], progress=lambda m: None)
    assert report.count("created") == 2 and report.flagged == 1
    flagged = [o for o in report.outcomes if o.near]
    assert flagged[0].origin == "story-outlet-b.txt"
    assert flagged[0].near == "content/inbox/us-envoy-urges-baghdad-to-rein-in-armed-groups-before.md"
    meta = read(project / flagged[0].path).meta
    near = meta["ingest"]["near_duplicate"]
    assert near["of"] == flagged[0].near and 0.4 <= near["score"] <= 1


def test_an_existing_draft_is_never_overwritten(project: Path):
    inbox = project / "content" / "inbox"
    taken = inbox / "iraqi-parliament-debates-the-future-of-the-coalition-mission.md"
    taken.write_text("analyst's own text\n", encoding="utf-8")
    report = ingest(project, [str(FIX / "dateline.txt")], progress=lambda m: None)
    assert taken.read_text(encoding="utf-8") == "analyst's own text\n"
    assert report.outcomes[0].path.endswith("-mission-2.md")


def test_a_failure_is_reported_and_leaves_no_partial_file(project: Path):
    done = brief(project, "ingest", str(FIX / "latin1.txt"), str(FIX / "dateline.txt"), str(FIX / "missing.txt"))
    assert done.returncode == 1
    assert "latin1.txt: failed: line 1: not valid UTF-8 (byte 0xff); re-save the file as UTF-8" in done.stderr
    assert "missing.txt: failed: cannot read the file: No such file or directory" in done.stderr
    assert "ingest: 1 created, 0 skipped as duplicates, 0 flagged as near-duplicates, 2 failed" in done.stdout
    # Nothing else, not even a hidden temporary file (only git's placeholder for the folder).
    assert sorted(p.name for p in (project / "content" / "inbox").iterdir() if p.name != ".gitkeep") == [
        "iraqi-parliament-debates-the-future-of-the-coalition-mission.md"]


# --- feeds -------------------------------------------------------------------------------------

def test_feed_entries_become_drafts_with_link_date_and_zone(project: Path):
    ingest(project, [str(FIX / "feed.xml")], progress=lambda m: None)
    by_title = {read(p).meta["title"]: read(p).meta for p in drafts(project).values()}
    first = by_title["Kataib Hezbollah denies role in drone launches"]
    assert first["date"] == "2024-11-26"  # 23:30 EST is the 26th where it was published (the 27th in UTC)
    assert first["ingest"]["published_at"] == "2024-11-26T23:30:00-05:00"
    assert first["ingest"]["guid"] == "guid:shafaq-2024-11-26-001"
    assert first["sources"][0] == {"name": "Shafaq News", "url": "https://shafaq.com/en/Security/kataib-hezbollah-denies-role",
                                   "published": "2024-11-26", "title": "Kataib Hezbollah denies role in drone launches"}
    assert "Kataib Hezbollah" in first["actors"]
    undated = by_title["An entry without a date"]
    assert undated["date"] == "undated" and "no published or updated date" in undated["ingest"]["undated"]


def test_malformed_feed_is_reported_and_what_was_read_is_ingested(project: Path):
    done = brief(project, "ingest", str(FIX / "malformed.xml"), check=True)
    assert "malformed.xml: malformed feed (feedparser: <unknown>:23:0: no element found)" in done.stderr
    assert "entry 3 has no readable title, text or link; it was skipped" in done.stderr
    assert "ingest: 2 created" in done.stdout
    titles = sorted(read(p).meta["title"] for p in drafts(project).values())
    assert titles == ["First entry reads fine", "Second entry reads fine too"]


def test_hostile_entry_is_reduced_to_safe_text(project: Path):
    ingest(project, [str(FIX / "hostile.xml")], progress=lambda m: None)
    (path,) = drafts(project).values()
    written = path.read_text(encoding="utf-8")
    for bad in ("<script", "<img", "<iframe", "onerror", "onclick", "onmouseover", "javascript:", "document.cookie"):
        assert bad not in written.lower()
    doc = read(path)
    assert doc.meta["title"] == "Militias warned"
    assert "url" not in doc.meta["sources"][0]  # the javascript: link is dropped, not written
    assert "Iraqi militias were warned by Israel." in doc.body
    assert "Read the letter" in doc.body


def test_oversized_entry_is_capped_with_a_warning(project: Path, tmp_path: Path):
    big = "<p>" + "Iraq " * 20_000 + "</p>"
    feed = tmp_path / "big.xml"
    feed.write_text(f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>
      <item><title>Huge entry</title><guid>big-1</guid><pubDate>Mon, 04 Nov 2024 08:00:00 GMT</pubDate>
      <description><![CDATA[{big}]]></description></item></channel></rss>""", encoding="utf-8")
    done = brief(project, "ingest", str(feed), check=True)
    assert "entry 1 ('Huge entry') is longer than 40,000 characters; it was cut" in done.stderr
    meta = only_draft(project).meta
    assert meta["ingest"]["cleaned"] == ["the entry was cut to its first 40,000 characters"]
    assert len(read(next(iter(drafts(project).values()))).body) <= 40_000


def test_feed_url_is_fetched(project: Path):
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(FIX))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/feed.xml"
        done = brief(project, "ingest", url, check=True)
        missing = brief(project, "ingest", url.replace("feed.xml", "nothing.xml"))
    finally:
        server.shutdown()
    assert "ingest: 3 created" in done.stdout
    assert missing.returncode == 1 and "failed: cannot fetch" in missing.stderr


# --- check, inbox, promote ---------------------------------------------------------------------

def test_check_names_what_the_analyst_must_fix_and_the_site_is_unaffected(project: Path):
    brief(project, "ingest", str(FIX / "doubled.txt"), str(FIX / "dateline.txt"), check=True)
    assert brief(project, "check").returncode == 0  # drafts do not stop the site
    strict = brief(project, "check", "--strict")
    assert strict.returncode == 1
    lines = [line for line in strict.stderr.splitlines() if line.startswith("content/")]
    erbil, parliament = ("content/inbox/analysts-in-erbil-describe-a-season-of-quiet-bargaining.md",
                         "content/inbox/iraqi-parliament-debates-the-future-of-the-coalition-mission.md")
    archived = ("sources[0].archived: (warning) 'ingested from {}' reads as a file name; readers see this line, so say "
                "where the copy is kept in plain words, e.g. 'analysts' archive, item 3'")
    assert lines == [
        f"{erbil}:3: date: (warning) the article "
        "carries no date, so ingest left it 'undated' (ingest.undated says why); write the publication date as "
        "'date: YYYY-MM-DD', or 'date: YYYY-MM' with 'date_precision: month' (draft: fix before 'brief promote')",
        f"{erbil}:6: {archived.format('doubled.txt')}",
        f"{parliament}:2: credibility: (warning) missing; grade the information 'credibility: 1'–'6' (1 confirmed by "
        "other sources · 2 probably true · 3 possibly true · 4 doubtful · 5 improbable · 6 cannot be judged); it is "
        "shown as 6 until then",
        f"{parliament}:6: {archived.format('dateline.txt')}"]


def test_inbox_report_and_promote(project: Path):
    brief(project, "ingest", str(FIX / "doubled.txt"), str(FIX / "dateline.txt"), check=True)
    inbox = brief(project, "inbox", check=True).stdout
    assert "UNDATED: the saved text shows no date line" in inbox
    assert "proposed:   Popular Mobilization Forces (3×)" in inbox
    assert "source:     Shafaq News (ingested from dateline.txt)" in inbox  # never the outlet's home page as the article
    assert "inbox: 2 drafts, 1 ready to promote, 1 need work, 0 flagged as near-duplicates" in inbox

    undated = "analysts-in-erbil-describe-a-season-of-quiet-bargaining"
    refused = brief(project, "promote", undated)
    assert refused.returncode == 1 and "date: the article carries no date" in refused.stderr
    assert (project / "content" / "inbox" / f"{undated}.md").exists()

    dated = "iraqi-parliament-debates-the-future-of-the-coalition-mission"
    done = brief(project, "promote", dated, check=True)
    assert f"promoted {dated} to content/notes/2024/{dated}.md" in done.stdout
    assert not (project / "content" / "inbox" / f"{dated}.md").exists()
    assert brief(project, "check", check=True).stdout.startswith("ok: 22 notes")
    again = brief(project, "ingest", str(FIX / "dateline.txt"), check=True)  # the promoted note keeps its keys
    assert f"already ingested as content/notes/2024/{dated}.md" in again.stdout


def test_promote_refuses_to_overwrite_and_near_duplicates(project: Path):
    ingest(project, [str(FIX / "story-outlet-a.txt"), str(FIX / "story-outlet-b.txt")], progress=lambda m: None)
    slug_b = "washington-presses-iraqs-premier-to-curb-armed-groups-ahead"
    refused = brief(project, "promote", slug_b)
    assert refused.returncode == 1 and "ingest.near_duplicate: resembles content/inbox/us-envoy" in refused.stderr
    slug_a = "us-envoy-urges-baghdad-to-rein-in-armed-groups-before"
    existing = project / "content" / "notes" / "2024" / f"{slug_a}.md"
    existing.write_text("---\ntitle: kept\n---\n", encoding="utf-8")
    clash = brief(project, "promote", slug_a)
    assert clash.returncode == 1 and f"a note named '{slug_a}' exists" in clash.stderr
    assert existing.read_text(encoding="utf-8") == "---\ntitle: kept\n---\n"
    typo = brief(project, "promote", slug_a[:-3])
    assert f"Did you mean '{slug_a}'?" in typo.stderr
