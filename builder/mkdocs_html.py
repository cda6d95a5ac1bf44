"""The MkDocs hook of every build: brief's own HTML goes past Markdown untouched, and fast.

brief's pages are mostly HTML it generated (timeline entries, a note's body and sources),
marked in the Markdown between `<!-- brief:html -->` and `<!-- /brief:html -->`. Python-Markdown
and MkDocs would parse all of it twice with Python's HTMLParser (to keep raw HTML blocks whole
and to collect ids for anchor checks), which costs more than the rest of a page together. This
hook puts each marked block aside before Markdown runs, puts it back verbatim after, and adds
its ids to the anchors MkDocs checks links against. Without the hook (another generator that
reads mkdocs.yml) the markers are plain HTML comments and Markdown passes the HTML through as
before: the hook changes how fast a page is built, not what it says.
"""
from __future__ import annotations

import re

OPEN, CLOSE = "<!-- brief:html -->", "<!-- /brief:html -->"
# The opening marker may be followed by the HTML on its own line (a template's `{#- ... #}` eats the newline).
_BLOCK = re.compile(re.escape(OPEN) + r"\n?(.*?)\n" + re.escape(CLOSE), re.S)
_ID = re.compile(r'<[a-zA-Z][^>]*?\sid="([^"]*)"')
_KEY = "brief_html"


def _token(page_number: int, n: int) -> str:
    return f"BRIEFHTML{page_number}X{n}X"


def on_page_markdown(markdown, page, config, files):  # noqa: ANN001, ANN201 (MkDocs hook signature)
    if OPEN not in markdown:
        return markdown
    blocks: list[str] = []

    def aside(match: re.Match[str]) -> str:
        blocks.append(match.group(1))
        return f"\n{_token(id(page), len(blocks) - 1)}\n"

    markdown = _BLOCK.sub(aside, markdown)
    setattr(page, _KEY, blocks)
    return markdown


def on_page_content(html, page, config, files):  # noqa: ANN001, ANN201 (MkDocs hook signature)
    blocks = getattr(page, _KEY, None)
    if not blocks:
        return html
    setattr(page, _KEY, None)
    for n, block in enumerate(blocks):
        token = _token(id(page), n)
        html = html.replace(f"<p>{token}</p>", block, 1)
    anchors = getattr(page, "present_anchor_ids", None)
    if isinstance(anchors, set):
        anchors.update(match.group(1) for block in blocks for match in _ID.finditer(block))
    return html
