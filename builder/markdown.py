"""Analysts' Markdown to safe HTML: markdown-it-py, then the nh3 allow-list in `sanitize`.

Raw HTML in a note passes through the allow-list (so <b> stays and <script> goes), and a
link with a forbidden scheme keeps its text but loses its address.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .sanitize import clean_html

_MD = MarkdownIt("commonmark", {"html": True, "typographer": False}).enable(["table", "strikethrough"])
_MD.validateLink = lambda url: True  # type: ignore[method-assign]  # nh3 drops unsafe addresses


def render(markdown: str, links: Iterable[tuple[str, str]] = (), vocabulary: tuple[str, ...] = ()) -> str:
    """Sanitized HTML; `links` (name, href) turns the first mention of each name into a link.

    `vocabulary` (every registered name) lets all notes share one compiled pattern.
    """
    tokens = _MD.parse(markdown)
    if links:
        _link_names(tokens, list(links), vocabulary)
    return clean_html(_MD.renderer.render(tokens, _MD.options, {}))


def first_paragraph_text(markdown: str) -> str:
    """The first paragraph as plain text: the default summary."""
    tokens = _MD.parse(markdown)
    for index, token in enumerate(tokens):
        if token.type == "paragraph_open" and index + 1 < len(tokens):
            return " ".join(_text(tokens[index + 1].children or []).split())
    return ""


def _text(children: list[Token]) -> str:
    return "".join(t.content if t.type in ("text", "code_inline") else " " if t.type in ("softbreak", "hardbreak") else ""
                   for t in children)


@functools.lru_cache(maxsize=4096)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """One alternation of all names, longest first, matched as whole words."""
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n)))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


def _link_names(tokens: list[Token], links: list[tuple[str, str]], vocabulary: tuple[str, ...] = ()) -> None:
    """Link the first whole-word mention of each registered name, outside links and code."""
    href_of: dict[str, str] = {}
    for name, href in links:
        href_of.setdefault(name, href)
    pattern = _names_pattern(vocabulary or tuple(sorted(href_of)))
    done: set[str] = set()
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        out: list[Token] = []
        depth = 0
        for child in token.children:
            depth += child.type == "link_open"
            depth -= child.type == "link_close"
            if child.type != "text" or depth:
                out.append(child)
                continue
            out.extend(_split_text(child.content, pattern, href_of, done))
        token.children = out


def _split_text(content: str, pattern: re.Pattern[str], href_of: dict[str, str], done: set[str]) -> list[Token]:
    out: list[Token] = []
    start = 0
    for match in pattern.finditer(content):
        href = href_of.get(match.group(0))
        if href is None or href in done:
            continue
        done.add(href)
        if match.start() > start:
            out.append(Token("text", "", 0, content=content[start: match.start()]))
        out += [Token("link_open", "a", 1, attrs={"href": href, "class": "brief-term"}),
                Token("text", "", 0, content=match.group(0)), Token("link_close", "a", -1)]
        start = match.end()
    if start < len(content):
        out.append(Token("text", "", 0, content=content[start:]))
    return out


def pieces(markdown: str) -> list[tuple[int, str, str]]:
    """(0-based line, 'link' or 'html', value) for every link address and every piece of HTML the
    body makes (raw HTML, links, images) before sanitizing: what the checks look at."""
    out: list[tuple[int, str, str]] = []
    for token in _MD.parse(markdown):
        if token.type == "html_block" and token.map:
            out.append((token.map[0], "html", token.content))
        elif token.type == "inline" and token.children and token.map:
            line = token.map[0]
            for child in token.children:
                if child.type in ("softbreak", "hardbreak"):
                    line += 1
                elif child.type == "html_inline":
                    out.append((line, "html", child.content))
                elif child.type in ("link_open", "image"):
                    if child.type == "link_open":
                        out.append((line, "link", str(child.attrGet("href") or "")))
                    out.append((line, "html", _MD.renderer.renderInline([child], _MD.options, {})))
    return out
