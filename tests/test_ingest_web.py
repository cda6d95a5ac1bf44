"""`brief ingest` on saved web pages and article addresses, in the shapes real news sites have.

The fixtures in fixtures/ingest/web/ carry navigation, cookie banners, share bars, "read more"
teasers, related and most-read lists, comments and footers around the article; their dates
are only in page metadata (article:published_time, JSON-LD, <time datetime>).
"""
from __future__ import annotations

import http.server
import threading
from functools import partial
from pathlib import Path

import pytest

from builder.frontmatter import read
from builder.ingest.pipeline import ingest
from builder.ingest.web import PageError, decode_page, looks_like_page, read_page
from conftest import brief

WEB = Path(__file__).parent / "fixtures" / "ingest" / "web"


def page(name: str, address: str = ""):
    return read_page((WEB / name).read_bytes(), name, address)


def drafts(root: Path) -> list[Path]:
    return sorted((root / "content" / "inbox").glob("*.md"))


# What each page must keep (its first and last sentences) and what it must drop (its furniture).
PAGES = {
    "meta-date.html": dict(
        title="Iraqi parliament committee questions drone purchases from Tehran", date="2024-11-12",
        outlet="Shafaq News", author="Layla Hassan",
        url="https://shafaq.com/en/Iraq/parliament-committee-questions-drone-purchases",
        first="Members of the Iraqi parliament's security and defence committee on Tuesday summoned",
        last="the ministry had promised to deliver the full contract within ten days.",
        furniture=("We use cookies", "Accept all", "Home", "Kurdistan", "Breaking", "Heavy rain", "Share", "WhatsApp",
                   "Copy link", "Read more", "Oil exports through Ceyhan", "Related stories", "Football", "Ten recipes",
                   "comments", "scandal", "First comment", "Subscribe", "newsletter", "All rights reserved",
                   "Privacy", "Tags:")),
    "jsonld-date.html": dict(
        title="Militia leaders split over US troop withdrawal timetable", date="2024-09-03",
        outlet="The Tigris Ledger", author="Omar Jaber",
        url="https://www.tigrisledger.example/politics/militia-leaders-split-over-withdrawal-timetable",
        first="Leaders of Iraq's armed factions disagree over how hard to push",
        last="a joint statement on the future of the mission could come within weeks.",
        furniture=("Your privacy", "143 partners", "I agree", "Subscribe", "Log in", "Podcasts", "Share on",
                   "Print", "Read more", "Drone strike near Erbil", "Dinar slips", "Advertisement", "Most read",
                   "Abu Nuwas", "Transfer news", "Comments", "Excellent reporting", "Terms", "Cookie settings")),
    "arabic.html": dict(
        title="الحكومة العراقية: لن نسمح باستخدام أراضينا منطلقاً لأي هجوم", date="2024-11-27",
        outlet="شفق نيوز", author="", url="https://shafaq.com/ar/",
        first="قال المتحدث باسم الحكومة العراقية، يوم الأربعاء،",
        last="في وقت تعتمد فيه البلاد على استيراد الغاز والكهرباء من إيران.",
        furniture=("نستخدم ملفات تعريف الارتباط", "الرئيسية", "رياضة", "شارك", "فيسبوك", "اقرأ أيضاً",
                   "ارتفاع أسعار الذهب", "أخبار ذات صلة", "المنتخب العراقي", "التعليقات", "كلام جميل",
                   "جميع الحقوق محفوظة", "٢٠٢٤")),
    "windows-1256.html": dict(
        title="البرلمان يستضيف وزير الكهرباء لمناقشة أزمة الغاز الإيراني", date="2023-12-11",
        outlet="بغداد اليوم", author="",
        url="https://baghdadtoday.example/news/parliament-electricity-minister-iranian-gas",
        first="استضافت لجنة الطاقة في مجلس النواب العراقي، صباح الاثنين،",
        last="هو الطريق الوحيد لإنهاء الأزمة المتكررة كل صيف.",
        furniture=("ملفات تعريف الارتباط", "قبول", "الرئيسية", "فيديو", "شارك الخبر", "تلغرام", "الأكثر قراءة",
                   "أسعار صرف الدولار", "طقس العراق", "جميع الحقوق محفوظة")),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_article_is_kept_and_the_page_furniture_dropped(name: str):
    want = PAGES[name]
    a = page(name)
    text = "\n".join(a.paragraphs)
    assert a.title == want["title"]
    assert a.paragraphs[0].startswith(want["first"])
    assert a.paragraphs[-1].endswith(want["last"])
    for furniture in want["furniture"]:
        assert furniture not in text, f"{name}: '{furniture}' was kept"
    assert want["title"] not in text  # the headline is the title, not the first paragraph


@pytest.mark.parametrize("name", sorted(PAGES))
def test_date_title_author_site_and_address_come_from_the_metadata(name: str):
    want = PAGES[name]
    a = page(name)
    assert a.date is not None and a.date.iso() == want["date"]
    assert a.outlet == want["outlet"]
    assert a.author == want["author"]
    assert a.url.startswith(want["url"])


def test_arabic_digits_in_the_visible_date_do_not_replace_the_metadata_date():
    html = (WEB / "arabic.html").read_text(encoding="utf-8")
    assert "٢٧ تشرين الثاني ٢٠٢٤" in html and 'datetime="2024-11-27T10:15:00+03:00"' in html
    assert page("arabic.html").date.iso() == "2024-11-27"


def test_a_date_in_the_text_alone_is_not_taken_and_the_draft_says_why():
    html = (WEB / "meta-date.html").read_text(encoding="utf-8")
    html = html.replace('<meta property="article:published_time" content="2024-11-12T09:40:00+03:00">', "")
    html = html.replace("<p>Members of", "<p>Published 3 March 2021. Members of")
    a = read_page(html.encode("utf-8"), "undated.html")
    assert a.date is None
    assert "metadata gives no publication date" in a.undated


def test_a_page_without_a_title_takes_the_start_of_its_text_and_says_so():
    html = (WEB / "meta-date.html").read_text(encoding="utf-8")
    for tag in ("<title>", '<meta property="og:title"', '<h1 class="headline">'):
        start = html.index(tag)
        html = html[:start] + html[html.index("\n", start):]
    a = read_page(html.encode("utf-8"), "untitled.html")
    assert a.title == "Members of the Iraqi parliament's security and defence committee on Tuesday summoned officials from the …"
    assert "the page has no title: the title is the start of its text; write a headline" in a.notes


def test_the_declared_encoding_is_used_and_a_wrong_one_is_a_clear_failure():
    raw = (WEB / "windows-1256.html").read_bytes()
    assert b"windows-1256" in raw[:400] and "البرلمان" in decode_page(raw)
    undeclared = raw.replace(b"; charset=windows-1256", b"")
    with pytest.raises(PageError, match=r"declares no encoding but byte [\d,]+ \(0x[0-9a-f]{2}\) is not utf-8"):
        decode_page(undeclared)
    with pytest.raises(PageError, match="declares the encoding 'klingon-8', which is not known"):
        decode_page(raw.replace(b"windows-1256", b"klingon-8"))
    latin = '<html><head><meta charset="iso-8859-1"></head><body><p>Caf\u00e9 \u2013 na\u00efve</p></body></html>'
    assert "Caf\u00e9 \u2013 na\u00efve" in decode_page(latin.encode("cp1252"))  # labelled Latin-1, read as browsers do


def test_source_matched_by_site_name_by_domain_or_proposed(project: Path):
    report = ingest(project, [str(WEB / n) for n in ("meta-date.html", "jsonld-date.html", "arabic.html")],
                    progress=lambda m: None)
    assert report.count("created") == 3
    metas = {read(p).meta["ingest"]["from"]: read(p).meta for p in drafts(project)}
    by_name = metas["meta-date.html"]
    assert by_name["sources"][0] == {"name": "Shafaq News", "published": "2024-11-12",
                                     "url": PAGES["meta-date.html"]["url"], "title": PAGES["meta-date.html"]["title"]}
    assert by_name["ingest"]["author"] == "Layla Hassan"
    assert {"Iraq", "Iran", "United States", "Syria"} <= set(by_name["countries"])
    assert {"Kataib Hezbollah", "Mohammed Shia al-Sudani"} <= set(by_name["actors"])
    assert "proposed" not in by_name["ingest"]
    by_domain = metas["arabic.html"]  # 'شفق نيوز' is no registered name; shafaq.com is Shafaq News' site
    assert by_domain["sources"][0]["name"] == "Shafaq News" and by_domain["date"] == "2024-11-27"
    unknown = metas["jsonld-date.html"]
    assert unknown["sources"][0]["name"] == "The Tigris Ledger"
    assert {"name": "The Tigris Ledger", "count": 1, "kind": "source"} in unknown["ingest"]["proposed"]
    inbox = brief(project, "inbox", check=True).stdout
    assert "proposed:   The Tigris Ledger (1×, source)" in inbox


def test_a_page_without_an_article_fails_naming_the_file_and_writes_nothing(project: Path):
    done = brief(project, "ingest", str(WEB / "section-front.html"))
    assert done.returncode == 1
    assert (f"{WEB / 'section-front.html'}: failed: no article text could be extracted (" in done.stderr)
    assert "is this the article's own page?" in done.stderr
    assert drafts(project) == []


def test_hostile_page_is_reduced_to_safe_text(project: Path):
    ingest(project, [str(WEB / "hostile.html")], progress=lambda m: None)
    (path,) = drafts(project)
    written = path.read_text(encoding="utf-8")
    for bad in ("<script", "<img", "<iframe", "onerror", "onclick", "onmouseover", "onload", "javascript:",
                "evil.example", "document.cookie"):
        assert bad not in written.lower()
    doc = read(path)
    assert doc.meta["title"] == "Militias warned"
    assert "url" not in doc.meta["sources"][0]  # the javascript: canonical link is dropped, not written
    assert "Read the letter on the council's site." in doc.body
    assert "&lt;script>" in doc.body  # shown as text, never a tag


def test_html_is_recognised_by_its_content_whatever_the_file_is_called():
    assert looks_like_page(b"\xef\xbb\xbf<!DOCTYPE html><html>")
    assert looks_like_page(b"  <!-- saved from url=(0040)https://example.org/ -->\n<html lang=en>")
    assert not looks_like_page(b"<?xml version='1.0'?><rss>")
    assert not looks_like_page(b"Iraqi parliament debates <b>the</b> future")


@pytest.fixture
def pages_server():
    """The fixtures served on a loopback address, as an outlet's site would serve them."""
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(WEB.parent))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_an_article_address_is_fetched_and_read_as_a_page(project: Path, pages_server: str):
    address = f"{pages_server}/web/jsonld-date.html"
    done = brief(project, "ingest", address, f"{pages_server}/feed.xml", check=True)
    assert "ingest: 4 created" in done.stdout  # the page, and the feed's three entries
    meta = next(read(p).meta for p in drafts(project) if read(p).meta["ingest"]["from"] == address)
    assert meta["title"] == "Militia leaders split over US troop withdrawal timetable"
    assert meta["sources"][0]["url"] == PAGES["jsonld-date.html"]["url"]  # the canonical address
    again = brief(project, "ingest", address, check=True)
    assert "ingest: 0 created, 1 skipped as duplicates" in again.stdout
    missing = brief(project, "ingest", f"{pages_server}/web/nothing.html")
    assert missing.returncode == 1 and "failed: cannot fetch" in missing.stderr
