"""The MkDocs hook of every build (builder/mkdocs_html.py): brief's HTML blocks go past Markdown whole."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from builder import mkdocs_html
from builder.mkdocs_html import CLOSE, OPEN, on_page_content, on_page_markdown
from conftest import brief, copy_project


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


def lines_read(page: Path) -> list[str]:
    """A built page's lines without the markers and the blank lines Markdown leaves around raw HTML."""
    return [line for line in page.read_text(encoding="utf-8").splitlines() if line.strip() and line not in (OPEN, CLOSE)]


@pytest.mark.parametrize("directory_urls", [True, False], ids=["site", "offline-urls"])
def test_the_hook_changes_how_fast_pages_are_built_not_what_they_say(tmp_path: Path, directory_urls: bool) -> None:
    """The same docs built by MkDocs with the hook and without it (as a generator that runs no hooks would):
    the same pages, line for line, with a page's URL a folder (notes/a/) or a file (notes/a.html, as in the
    offline copy, where pages of the nav share folders). Without the hook every page makes its own
    navigation, tabs, palette and search box, and Markdown parses every HTML block."""
    root = copy_project(tmp_path / "brief")
    brief(root, "build", check=True)
    config = yaml.safe_load((root / "build" / "mkdocs.gen.yml").read_text(encoding="utf-8"))
    assert config["hooks"] == [str(Path(mkdocs_html.__file__))]
    config["use_directory_urls"] = directory_urls
    (root / "build" / "hook.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    (root / "build" / "nohook.yml").write_text(yaml.safe_dump({**config, "hooks": []}), encoding="utf-8")
    for name, out in (("hook.yml", "hook"), ("nohook.yml", "plain")):
        done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", f"build/{name}", "-d", str(tmp_path / out)],
                              cwd=root, capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": "0"})
        assert done.returncode == 0, done.stderr
    hook, plain = (sorted(p.relative_to(tmp_path / out) for p in (tmp_path / out).rglob("*.html")) for out in ("hook", "plain"))
    assert hook == plain and len(hook) > 50
    nav_pages = 0
    for name in hook:
        with_hook, without = lines_read(tmp_path / "hook" / name), lines_read(tmp_path / "plain" / name)
        assert with_hook == without, name
        nav_pages += 'md-nav__link--active' in "".join(with_hook)
    assert nav_pages >= 5  # pages of the nav, shown active in it, are among them


def test_a_built_page_keeps_its_html_as_utf8_bytes() -> None:
    """MkDocs holds every page's HTML until the last is written: as text with one '→' in it, each character
    takes two bytes (four with an emoji); kept as UTF-8, about one. Read back, it is the same text."""
    page = Page()
    token = next(line for line in on_page_markdown(f"{OPEN}\n<p>x</p>\n{CLOSE}\n", page, {}, None).splitlines() if line)
    html = on_page_content(f"<p>{token}</p>", page, {}, None)
    page.content = html + "<p>Later → earlier · “quoted” 🛰 \ud800</p>" + "<p>words</p>" * 1000  # as MkDocs sets it
    assert isinstance(page, Page)
    assert page.content.startswith("<p>x</p><p>Later → earlier · “quoted” 🛰 \ud800</p><p>words</p>")
    assert len(page.content) == len("<p>x</p><p>Later → earlier · “quoted” 🛰 \ud800</p>") + 12 * 1000
    assert not [name for name, value in vars(page).items() if isinstance(value, str) and len(value) > 100]
