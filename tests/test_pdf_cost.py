"""What the PDF costs to make, read from the real WeasyPrint run: each page laid out about once, page numbers
only where a reader looks them up (and right there), no style computed that nothing draws, streams deflated
at zlib's default level, and `brief pdf` holding no note in memory while WeasyPrint lays out.

No timings here (the benchmark and the README's Speed section have them): counts, bytes and memory ratios.
"""
from __future__ import annotations

import gc
import io
import re
import subprocess
import sys
import tracemalloc
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader
from weasyprint import CSS, HTML

from builder.build import checked_index
from builder.pdf import document as pdf
from builder.pdf import engine
from conftest import ROOT


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def sample(built: Path, whole_pdf: Path):
    """The built sample's index, the whole brief as `brief pdf` printed it (page texts) and what it said."""
    project, index, _ = checked_index(built)
    texts = [squash(page.extract_text() or "") for page in PdfReader(whole_pdf).pages]
    return project, index, texts, whole_pdf.with_suffix(".pdf.log").read_text(encoding="utf-8")


def test_each_page_is_laid_out_about_once(sample) -> None:
    """WeasyPrint lays out again every page that holds a page number (`target-counter`), and every page after
    one whose page break moved: with page numbers in the timeline, the entities and the citations, the
    sample's 34 pages took 100 layouts. Only the front matter holds them now, each in a box of fixed width."""
    _project, _index, texts, log = sample
    pages, layouts = map(int, re.search(r"(\d+) pages laid out in [\d.]+s \((\d+) page layouts\)", log).groups())
    assert pages == len(texts)
    assert layouts <= pages * 1.3, f"{layouts} layouts for {pages} pages"


def test_page_numbers_stand_where_a_reader_looks_them_up_and_are_right(sample) -> None:
    """The notes a key judgement rests on and the key developments give the page of their entry; the
    timeline, the entity sections and the citations give dates instead (the timeline's order)."""
    _project, index, texts, _log = sample
    whole = " ".join(texts)
    front, rest = whole.split("developments, newest first, grouped by month")
    wanted = [*index.key_developments(pdf.KEY_COUNT), *(n for j in index.judgements for n in j.supports)]
    for note in wanted:
        found = re.findall(re.escape(squash(note.title)) + r" \(p\.\s(\d+)\)", front)
        assert found, f"no page number after '{note.title}' in the front matter"
        for page in map(int, found):
            assert squash(note.title)[:40] in texts[page - 1], f"'{note.title}' is not on page {page}"
    assert "(p. " not in rest
    endnotes = rest.split("Citations Numbered in timeline order")[1]
    assert re.search(r"Cited in .+?, (\d+ )?[A-Z][a-z]{2} \d{4}\.", endnotes)  # each citation's note, with its date


def test_the_print_document_lets_weasyprint_share_styles_and_draw_no_markers(sample) -> None:
    """WeasyPrint computes one style for elements alike, but an `id` makes an element and every element inside
    it unlike any other: ids sit on elements with no element inside (a heading, a number), never on an entry
    or an entity's block. And the brief's own lists draw no markers (each one a box laid out apart, a tenth of
    the layout time): only lists written in a note's body do."""
    project, index, _texts, _log = sample
    html = pdf.document_html(pdf.select(project, index))
    holders = _ids_on_elements_with_children(html)
    assert holders <= {"section", "nav"}, holders  # the chapters: one each, so their contents still share
    source = engine.PrintHTML(string=html)
    parents = {child: parent for parent in source.etree_element.iter() for child in parent}
    document = source.render(stylesheets=[CSS(string=pdf.stylesheet(project))])
    lists = [li for li in source.etree_element.iter("li") if not _in_a_body(li, parents)]
    assert len(lists) > 50  # the contents, the entities' notes, the citations
    markers = [box.element for page in document.pages for box in page._page_box.descendants()
               if (box.element_tag or "").endswith("::marker")]
    assert not [li for li in markers if not _in_a_body(li, parents)], "a marker outside a note's body"


def _in_a_body(element, parents: dict) -> bool:
    """Whether an element sits in a note's or a judgement's body (`<div class="body">`)."""
    while (element := parents.get(element)) is not None:
        if "body" in (element.get("class") or "").split():
            return True
    return False


class _IdHolders(HTMLParser):
    """Tag names of the elements that carry an id and hold another element."""

    VOID = {"br", "img", "meta", "hr", "input", "link", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool]] = []
        self.found: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if self.stack and self.stack[-1][1]:
            self.found.add(self.stack[-1][0])
        if tag not in self.VOID:
            self.stack.append((tag, any(name == "id" for name, _value in attrs)))

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop()[0] != tag:
            pass


def _ids_on_elements_with_children(html: str) -> set[str]:
    parser = _IdHolders()
    parser.feed(html)
    return parser.found


# A document of many small elements, as a brief's entity sections are: where WeasyPrint's styles weigh most.
MANY = ("<html><body>" + "".join(
    f"<div class='term'><h2 id='t{i}'>Term {i}</h2><ul class='term-notes'>"
    + "".join(f"<li><span class='date'>{d} Nov 2024</span> <span class='grade'>B2</span> <a href='#t{i}'>A note</a></li>"
              for d in range(1, 6)) + "</ul><ol><li>a listed point</li></ol></div>" for i in range(120)) + "</body></html>")


def _render(source: type[HTML], html: str, css: str) -> tuple[bytes, int]:
    """The PDF and the peak of Python memory while laying it out (tracemalloc), with the engine's writer."""
    gc.collect()
    tracemalloc.start()
    try:
        document = source(string=html).render(stylesheets=[CSS(string=css)])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    with engine._default_deflate():
        return document.write_pdf(pdf_identifier=b"brief"), peak


def test_the_lean_user_agent_sheet_gives_the_same_pdf_in_less_memory() -> None:
    """WeasyPrint's own user-agent sheet styles six pseudo-elements of every element (`::marker`, footnote and
    note calls and markers); nothing draws them but list markers. The engine's sheet styles `li::marker` only."""
    css = (Path(pdf.__file__).parents[1] / "defaults" / "templates" / pdf.STYLESHEET).read_text(encoding="utf-8")
    ours, lean = _render(engine.PrintHTML, MANY, css)
    theirs, full = _render(HTML, MANY, css)
    assert ours == theirs
    assert lean < 0.75 * full, f"{lean / 2**20:.1f} MB against {full / 2**20:.1f} MB"


def test_a_stylesheet_with_footnotes_keeps_weasyprints_own_sheet() -> None:
    """A brief's own templates/pdf/brief.css may use footnotes: those need the rules the lean sheet leaves out."""
    html = "<html><body><p>A claim<span class='fn'>The footnote's text.</span> and more.</p></body></html>"
    data, pages, _ = engine.write_pdf(html, ".fn { float: footnote }", lambda message: None)
    text = squash(PdfReader(io.BytesIO(data)).pages[0].extract_text())
    assert pages == 1 and "1. The footnote's text." in text


def test_streams_are_deflated_at_the_default_level_and_the_collector_is_left_as_found(whole_pdf: Path) -> None:
    """pydyf deflates at level 9 (zlib header 78 DA): five times the time of level 6 (78 9C) for 4% less. And the
    engine's tuning of the garbage collector ends with the PDF."""
    data = whole_pdf.read_bytes()
    starts = re.findall(rb"(?<!end)stream\r?\n(..)", data, re.DOTALL)
    assert starts and set(starts) == {b"\x78\x9c"}, set(starts)
    threshold = gc.get_threshold()
    engine.write_pdf("<html><body><p>x</p></body></html>", "", lambda message: None)
    assert gc.get_threshold() == threshold and gc.get_freeze_count() == 0


FORGETS = """
import argparse, gc, sys
from pathlib import Path
from builder.frontmatter import Document
from builder.model import Note, listed_kinds
from builder.pdf import cli
args = argparse.Namespace(root=Path(sys.argv[1]), strict=False, since=None, until=None, edition=None)
for kind in listed_kinds():
    setattr(args, kind.singular, None)
project, prepared = cli._prepare(args)
cli._forget_parsed_content()
print(len(prepared.html) > 10_000, sum(type(o) in (Note, Document) for o in gc.get_objects()))
"""


def test_brief_pdf_holds_no_note_while_weasyprint_lays_out(built: Path) -> None:
    """`brief pdf` needs only the HTML once it has it: the checked brief (150 MB at 10,000 notes, which
    `brief serve` keeps between rebuilds) is let go before layout, so WeasyPrint lays out in that memory."""
    done = subprocess.run([sys.executable, "-c", FORGETS, str(built)], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "0"], done.stdout + done.stderr
