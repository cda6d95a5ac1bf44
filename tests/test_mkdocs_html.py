"""The MkDocs hook of every build (builder/mkdocs_html.py): brief's HTML blocks go past Markdown whole."""
from __future__ import annotations

from pathlib import Path

from builder.mkdocs_html import CLOSE, OPEN, on_page_content, on_page_markdown


def blocks(markdown: str) -> list[str]:
    """The HTML between each pair of markers, without the newlines that set it apart."""
    found = []
    for piece in markdown.split(OPEN)[1:]:
        inner, _, _rest = piece.partition(CLOSE)
        found.append(inner.strip("\n"))
    return found


def built_page(site: Path, page: Path, docs: Path) -> Path:
    name = page.relative_to(docs).with_suffix("").as_posix()
    return site / ("index.html" if name == "index" else name.removesuffix("/index") + "/index.html")


def test_every_marked_block_reaches_the_page_byte_for_byte_without_its_markers(site: Path, docs: Path) -> None:
    """Markdown never parses a block: it is put aside whole (the slow HTML parsing skipped) and put back as it was."""
    checked = 0
    for page in sorted(docs.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        if OPEN not in text:
            continue
        html = built_page(site, page, docs).read_text(encoding="utf-8")
        assert "brief:html" not in html, page
        for block in blocks(text):
            assert block in html, (page, block[:200])
            checked += 1
    assert checked > 100


class Page:
    """What the hook reads and sets on MkDocs' Page."""

    def __init__(self) -> None:
        self.present_anchor_ids: set[str] = set()


def test_a_block_may_start_on_the_markers_line() -> None:
    """A template comment `{#- ... #}` after the marker eats its newline: the block is still put aside."""
    page = Page()
    markdown = f"# Title\n\n{OPEN}<div id=\"meta\">\n\n<p>*not emphasis*</p></div>\n{CLOSE}\n\n## Sources\n"
    put_aside = on_page_markdown(markdown, page, {}, None)
    assert "<div" not in put_aside and "## Sources" in put_aside
    token = next(line for line in put_aside.splitlines() if line.startswith("BRIEFHTML"))
    html = on_page_content(f"<h1>Title</h1>\n<p>{token}</p>\n<h2>Sources</h2>", page, {}, None)
    assert html == '<h1>Title</h1>\n<div id="meta">\n\n<p>*not emphasis*</p></div>\n<h2>Sources</h2>'
    assert page.present_anchor_ids == {"meta"}
