"""The brief as a PDF, read back with pypdf: the real WeasyPrint output, never a mock of it.

The whole brief is printed once with `brief pdf` from the session's built sample (whose
site/brief.pdf is the current edition); windows, dossiers and hostile notes are rendered with the
real `brief pdf` command on private copies.
"""
from __future__ import annotations

import http.server
import io
import re
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader

from builder.pdf import document as pdf
from builder.build import checked_index
from builder.pdf.engine import write_pdf
from conftest import brief, write_note

SECTIONS = ("Key judgements", "Key developments", "Timeline", "Countries", "Actors", "Sources", "Tags", "Citations")
SUBSECTIONS = ("Key figures",)  # in the contents and the bookmarks, under their section


def squash(text: str) -> str:
    """Text with every run of whitespace made one space (titles wrap across lines in print)."""
    return " ".join(text.split())


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(level, title, 1-based page) for every bookmark, depth first."""
    found: list[tuple[int, str, int]] = []

    def walk(items: list, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title, reader.get_destination_page_number(item) + 1))
    walk(reader.outline, 1)
    return found


@pytest.fixture(scope="module")
def sample(built: Path, whole_pdf: Path):
    """The built sample's index (what the PDF must hold) and the whole brief as `brief pdf` prints it,
    read back. (site/brief.pdf is the current edition: tests/test_editions.py and below.)"""
    _project, index, _ = checked_index(built)
    return index, whole_pdf, PdfReader(whole_pdf), page_texts(whole_pdf)


def test_brief_site_puts_the_current_edition_in_the_site_and_the_home_page_links_it(site: Path) -> None:
    path = site / "brief.pdf"
    assert path.read_bytes().startswith(b"%PDF-")
    cover = squash(page_texts(path)[0])
    assert "EDITION OF 30 NOV 2024" in cover and "End of November 2024" in cover
    assert "Information cut-off 27 Nov 2024" in cover and "Handling INTERNAL" in cover
    assert 'href="brief.pdf"' in (site / "index.html").read_text(encoding="utf-8")


def test_the_whole_brief_is_what_brief_pdf_prints_without_options(sample) -> None:
    _index, _path, reader, texts = sample
    assert len(reader.pages) >= 10
    assert "Intelligence brief" in squash(texts[0]) or "INTELLIGENCE BRIEF" in squash(texts[0])


def test_every_note_title_is_in_the_pdf(sample) -> None:
    index, _path, _reader, texts = sample
    whole = squash(" ".join(texts))
    missing = [note.title for note in index.notes if squash(note.title) not in whole]
    assert not missing
    assert len(index.notes) == 21


def test_the_cover_gives_title_period_cutoff_and_marking(built: Path, sample) -> None:
    index, _path, _reader, texts = sample
    cover = squash(texts[0])
    assert "Iraq between Iran and the United States" in cover
    assert f"Period covered {index.start.display()} to {index.cutoff.display()}" in cover
    assert f"Information cut-off {index.cutoff.display()}, the date of the newest note" in cover
    assert "Handling INTERNAL" in cover


def test_every_page_carries_the_marking_twice_and_page_x_of_y(sample) -> None:
    _index, _path, _reader, texts = sample
    total = len(texts)
    for number, text in enumerate(texts, 1):
        assert text.count("INTERNAL") >= 2, f"page {number}: the marking should be in the header and the footer"
        assert f"Page {number} of {total}" in text


def _toc(texts: list[str]) -> dict[str, int]:
    """'Timeline ....... 5' lines of the contents page (after the cover and the key judgements) as {entry: page}."""
    entries = {}
    contents = next(t for t in texts if "Contents" in [line.strip() for line in t.splitlines()])
    for line in contents.splitlines():
        match = re.match(r"(.+?)\s*(?:\(\d+\))?\s*\.{3,}\s*(\d+)$", line.strip())
        if match:
            entries[match.group(1).strip()] = int(match.group(2))
    return entries


def test_the_contents_give_the_pages_where_sections_and_months_really_start(sample) -> None:
    index, _path, _reader, texts = sample
    toc = _toc(texts)
    months = [m.label for m in index.months()]
    assert set(toc) == {*SECTIONS, *SUBSECTIONS, *months}
    for entry, page in toc.items():
        lines = [squash(line) for line in texts[page - 1].splitlines()]
        assert entry in lines, f"contents say '{entry}' is on page {page}, but it is not there"
        if page > 1:  # and not already on the page before (it starts there)
            assert entry not in [squash(line) for line in texts[page - 2].splitlines()[1:]] or entry in months


def test_bookmarks_cover_every_section_month_note_and_entity(sample) -> None:
    index, _path, reader, texts = sample
    marks = outline(reader)
    titles = {(level, squash(title)) for level, title, _page in marks}
    assert (1, "Contents") in titles
    assert all((1, section) in titles for section in SECTIONS)
    assert all((2, m.label) in titles for m in index.months())
    assert all((2, sub) in titles for sub in SUBSECTIONS)
    assert all((3, squash(n.title)) in titles for n in index.notes)
    for kind in ("countries", "actors"):
        assert all((2, term.name) in titles for term, _count in index.ranked(kind))
    toc = _toc(texts)
    pages = {title: page for level, title, page in marks if level == 1}
    assert all(pages[section] == toc[section] for section in SECTIONS)
    pages = {title: page for level, title, page in marks if level == 2}
    assert all(pages[sub] == toc[sub] for sub in SUBSECTIONS)


def page_fill(path: Path) -> list[float]:
    """How far down each page's text area its lowest ink reaches (0: blank, 1: full), read from pdftoppm's
    grey rendering; the running header and footer sit in the margins, outside that area."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["pdftoppm", "-gray", "-r", "24", str(path), f"{folder}/page"], check=True)
        images = sorted(Path(folder).glob("page-*.pgm"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        return [_fill(image.read_bytes()) for image in images]


def _fill(pgm: bytes) -> float:
    magic, width, height, _maxval, pixels = pgm.split(maxsplit=4)
    assert magic == b"P5"
    width, height = int(width), int(height)
    top, bottom = round(height * 22 / 297) + 1, round(height * 277 / 297) - 1  # A4, 22 mm and 20 mm margins
    rows = [y for y in range(top, bottom) if min(pixels[y * width:(y + 1) * width]) < 200]
    return (rows[-1] + 1 - top) / (bottom - top) if rows else 0.0


@pytest.mark.parametrize("which", ["whole brief", "current edition"])
def test_no_page_is_left_half_empty_before_a_section(which: str, sample, site: Path) -> None:
    """Only the cover ends its page on purpose: chapters follow on, so no page but the last is under half full."""
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm is installed by .ci/system-deps")
    path = sample[1] if which == "whole brief" else site / "brief.pdf"
    fill = page_fill(path)
    assert len(fill) >= 7
    under = {number: f"{share:.0%}" for number, share in enumerate(fill[1:-1], 2) if share < 0.5}
    assert not under, f"{which}: pages filled less than half (page: share of its height used): {under}"


def test_small_tables_stay_on_one_page_and_sit_under_their_heading(sample) -> None:
    """Each key figures series (a heading and a table of a few rows) and the source list are on one page."""
    index, _path, _reader, texts = sample
    pages = [squash(text) for text in texts]
    for series in index.series():
        assert len(series.points) + 1 <= pdf.KEEP_ROWS
        where = [n for n, text in enumerate(pages) if squash(series.name) + " Period Value From the note" in text]
        assert len(where) == 1, series.name
        for figure, _note in series.points:
            assert f"{figure.period.display()}" in pages[where[0]] and f"{figure.value_text} {figure.unit}" in pages[where[0]]
    header = [n for n, text in enumerate(pages) if "Source Kind Reliability Address Notes" in text]
    assert len(header) == 1
    assert all(term.name in pages[header[0]] for term, _count in index.ranked("sources"))


def test_a_short_table_moves_whole_to_the_next_page_and_a_long_one_repeats_its_header(sample) -> None:
    """Laid out with the brief's own stylesheet: a 3-row table at a page's foot goes whole to the next
    page (without its mark it splits there: the control); a 30-row table splits, its header on each page."""
    def document(rows: int) -> str:
        body = "".join(f"<tr><td>row {i} of {rows}</td><td>{i} attacks</td></tr>" for i in range(1, rows + 1))
        return (f"<html><body><div class='body'><p style='height: 238mm'>A long paragraph.</p><table><thead><tr>"
                f"<th>Period</th><th>Value</th></tr></thead><tbody>{body}</tbody></table><p>After.</p></div></body></html>")

    def pages_of(html: str) -> list[str]:
        data, _count, _ = write_pdf(html, css, lambda message: None)
        return [squash(page.extract_text() or "") for page in PdfReader(io.BytesIO(data)).pages]

    css = (Path(pdf.__file__).parents[1] / "defaults" / "templates" / pdf.STYLESHEET).read_text(encoding="utf-8")
    split = pages_of(document(3))
    assert "row 1 of 3" in split[0] and "row 3 of 3" in split[1], "the control: unmarked, the table straddles the page end"
    kept = pages_of(pdf.keep_small_tables(document(3)))
    assert "Period" not in kept[0] and all(f"row {i} of 3" in kept[1] for i in (1, 2, 3))
    assert "data-keep" in pdf.keep_small_tables(document(pdf.KEEP_ROWS - 1))  # the header row counts
    assert "data-keep" not in pdf.keep_small_tables(document(pdf.KEEP_ROWS))
    long = pages_of(pdf.keep_small_tables(document(30)))
    assert len(long) >= 2 and "row 1 of 30" in long[0]
    assert all(page.count("Period Value") == 1 for page in long if "of 30" in page)


def test_internal_links_resolve_to_the_pages_of_their_targets(sample) -> None:
    index, _path, reader, texts = sample
    named = reader.named_destinations
    links = []
    for number, page in enumerate(reader.pages, 1):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") == "/Link" and "/Dest" in annot:
                links.append((number, str(annot["/Dest"])))
    assert len({name for _n, name in links}) > len(index.notes) + 40
    unresolved = [name for _n, name in links if name not in named]
    assert not unresolved
    for note in index.notes:  # a link to a note lands on the page that shows its title
        target = reader.get_destination_page_number(named[pdf.anchor(note)])
        assert squash(note.title)[:40] in squash(texts[target]) or squash(note.title)[-40:] in squash(texts[target + 1])


def test_dates_show_their_precision_and_citations_are_honest_about_sources(sample) -> None:
    _index, _path, _reader, texts = sample
    whole = squash(" ".join(texts))
    assert "Nov 2023 (month)" in whole
    assert "c. 27 Nov 2024 (approximate)" in whole
    endnotes = squash(" ".join(texts[_toc(texts)["Citations"] - 1:]))
    endnotes = endnotes[endnotes.index("Citations Numbered in timeline order"):]  # the sources may end on its page
    assert all(f"{n}." in endnotes for n in range(1, 26))  # 25 numbered citations
    # a title ending in a quotation: its own quotes nest as single ones, so no doubled closing mark
    assert "The Soufan Center, “American reading of the ‘worst-case scenario’" in endnotes and "””" not in whole
    assert "Archived copy: analysts' archive, item 002." in endnotes and "https://shafaq.com" not in endnotes
    assert "Undated. Archived copy: analysts' archive, item 004" in endnotes
    assert "Published 27 Nov 2024" in endnotes


def test_a_date_window_holds_only_the_notes_inside_it(project: Path) -> None:
    done = brief(project, "pdf", "--since", "2024-10", "--until", "2024-11-24")
    assert done.returncode == 0, done.stderr
    assert "laid out in" in done.stderr  # progress, on stderr
    path = project / "site" / "brief.pdf"  # the default output
    text = squash(" ".join(page_texts(path)))
    _project, index, _ = checked_index(project)
    inside = [n for n in index.notes if n.date.first_day().isoformat() >= "2024-10-01"
              and n.date.last_day().isoformat() <= "2024-11-24"]
    outside = [n for n in index.notes if n not in inside]
    assert inside and outside
    assert all(squash(n.title) in text for n in inside)
    assert not [n.title for n in outside if squash(n.title) in text]
    assert "Period covered Oct 2024 to 24 Nov 2024 (the window asked for)" in text
    assert "Left out" in text  # the month-precision Nov 2024 notes straddle the edge


def test_an_actor_dossier_by_alias_holds_only_that_actors_notes(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "kh.pdf"
    done = brief(project, "pdf", "--actor", "KH", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert f"wrote {out}" in done.stdout
    texts = page_texts(out)
    text = squash(" ".join(texts))
    _project, index, _ = checked_index(project)
    term = next(t for t in index.terms if t.name == "Kataib Hezbollah")
    mine = index.notes_of(term)
    assert 0 < len(mine) < len(index.notes)
    assert "Kataib Hezbollah: actor dossier" in squash(texts[0])
    assert all(squash(n.title) in text for n in mine)
    assert not [n.title for n in index.notes if n not in mine and squash(n.title) in text]


@pytest.mark.parametrize(("args", "message"), [
    (("--since", "2024-13-01"), "command line: --since: month 13 does not exist; write it as YYYY-MM-DD"),
    (("--until", "next week"), "command line: --until: 'next week' has no four-digit year"),
    (("--since", "2024-11", "--until", "2024-01"), "command line: --until: Jan 2024 is before --since Nov 2024; swap"),
    (("--actor", "Sulivan"), "command line: --actor: unknown actor 'Sulivan'. Did you mean 'Jake Sullivan'?"),
    (("--country", "Atlantis"), "command line: --country: unknown country 'Atlantis'."),
    (("--country", "Iraq", "--actor", "KH"), "command line: --actor: give --country or --actor, not both"),
    (("--since", "2030-01"), "command line: --since: no notes from Jan 2030 to the end; the brief covers Nov 2023"),
])
def test_a_bad_option_exits_1_with_a_clear_message(project: Path, args: tuple[str, ...], message: str) -> None:
    done = brief(project, "pdf", *args, "-o", str(project / "never.pdf"))
    assert done.returncode == 1
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert not (project / "never.pdf").exists()


HOSTILE = """---
title: A pasted note that tries to leave its box
date: 2025-01-15
sources:
  - name: Axios
    url: "https://www.axios.com/hostile"
    published: 2025-01-15
countries: [Iraq]
actors: [Kataib Hezbollah]
---
<script>alert('pdf')</script><img src="{server}/img.png"><iframe src="{server}/frame"></iframe>
<a href="javascript:alert(2)">click</a> and <a href="{server}/page">a real link</a>.

{word}

| {cols} |
| {dashes} |
| {cells} |

<pre>{word}</pre>
"""


class _Counting(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        self.hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server():
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Counting)
    _Counting.hits = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", _Counting.hits
    httpd.shutdown()


def test_a_hostile_note_neither_runs_nor_fetches_nor_escapes_its_box(project: Path, server) -> None:
    from weasyprint import CSS, HTML

    url, hits = server
    word = "x" * 400
    write_note(project, "2025/hostile.md", HOSTILE.format(server=url, word=word, cols=" | ".join(f"c{i}" for i in range(30)),
                                                          dashes=" | ".join("---" for _ in range(30)),
                                                          cells=" | ".join(word[:40] for _ in range(30))))
    proj, index, _ = checked_index(project)
    selected = pdf.select(proj, index, pdf.resolve_scope(index, since="2025-01"))
    html = pdf.document_html(selected)
    assert "<script" not in html and "<img" not in html and "javascript:" not in html
    document = HTML(string=html, url_fetcher=pdf_engine_fetcher()).render(stylesheets=[CSS(string=pdf.stylesheet(proj))])
    right = document.pages[0].width - 18 * 96 / 25.4  # the page's right margin
    for page in document.pages:
        for box in page._page_box.descendants():
            if type(box).__name__ == "TextBox":
                assert box.position_x + box.width <= right + 1, f"text leaves the page: {box.text[:30]!r}"
    done = brief(project, "pdf", "--since", "2025-01", "-o", str(project / "hostile.pdf"))
    assert done.returncode == 0, done.stderr
    reader = PdfReader(project / "hostile.pdf")
    uris = [str(a.get_object()["/A"].get("/URI")) for p in reader.pages for a in p.get("/Annots") or []
            if "/A" in a.get_object()]
    assert f"{url}/page" in uris and not [u for u in uris if u.startswith("javascript")]
    assert "/JavaScript" not in str(reader.trailer["/Root"])
    assert hits == []


def pdf_engine_fetcher():
    from builder.pdf.engine import RefusingFetcher
    return RefusingFetcher()


def test_the_engine_fetches_nothing_from_the_network(server) -> None:
    """Even HTML that was never sanitized (an image, a stylesheet import) makes no request."""
    url, hits = server
    html = f'<html><head><link rel="stylesheet" href="{url}/a.css"></head><body><p>x</p><img src="{url}/b.png"></body></html>'
    data, pages, _ = write_pdf(html, f'@import url("{url}/c.css"); body {{ background: url("{url}/d.png") }}', lambda m: None)
    assert data.startswith(b"%PDF-") and pages == 1
    assert hits == []


def test_the_same_content_gives_the_same_pdf_bytes(built: Path, tmp_path: Path) -> None:
    """`brief pdf --edition` of the latest edition prints, byte for byte, the brief.pdf `brief site` published."""
    out = tmp_path / "again.pdf"
    brief(built, "pdf", "--edition", "2024-11-30", "-o", str(out), check=True)
    assert out.read_bytes() == (built / "site" / "brief.pdf").read_bytes()


def test_a_page_renders_to_png(sample, tmp_path: Path) -> None:
    """pdftoppm can rasterize the cover (a broken PDF or a missing font would fail here)."""
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm is installed by .ci/system-deps")
    _index, path, _reader, _texts = sample
    subprocess.run(["pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "1", str(path), str(tmp_path / "cover")], check=True)
    png = next(tmp_path.glob("cover*.png"))
    assert png.stat().st_size > 2000


def test_an_empty_brief_says_to_add_notes_first(empty_project: Path) -> None:
    done = brief(empty_project, "pdf")
    assert done.returncode == 1
    assert "command line: notes: the brief has no notes yet; add some under content/notes/ first" in done.stderr


def test_before_the_first_edition_a_long_brief_publishes_its_newest_whole_months(project: Path, monkeypatch, caplog) -> None:
    """A brief of thousands of notes and no edition must not spend every publish on a whole-brief PDF."""
    shutil.rmtree(project / "content" / "editions")
    built, index, _ = checked_index(project)
    assert not index.history.current
    assert pdf.recent_scope(index, len(index.notes)) == pdf.Scope()  # short enough: the whole brief
    assert pdf.recent_scope(index, 12).since.iso() == "2024-10"  # Oct and Nov 2024: 12 notes; Dec 2023 would pass 12
    assert pdf.recent_scope(index, 3).since.iso() == "2024-11"  # one whole month at least, however many it holds
    monkeypatch.setattr(pdf, "SITE_PDF_NOTES", 12)
    with caplog.at_level("WARNING"):
        made = pdf.publish_pdf(built, index)
    text = squash(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(made["brief.pdf"])).pages))
    held = [n for n in index.notes if n.date.year == 2024]
    assert len(held) == 12 and all(squash(n.title) in text for n in held)
    assert not [n.title for n in index.notes if n not in held and squash(n.title) in text]
    assert "the site's PDF holds the notes since Oct 2024, the newest whole months up to 12 notes (of 21)" in caplog.text
