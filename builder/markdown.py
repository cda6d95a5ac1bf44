"""Analysts' Markdown to safe HTML: markdown-it-py, then the nh3 allow-list in `sanitize`.

Raw HTML in a note passes through the allow-list (so <b> stays and <script> goes), and a
link with a forbidden scheme keeps its text but loses its address.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

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


_RUN = re.compile(r"[\w-]+")  # a run of word characters and hyphens: where a name may start and end


@functools.lru_cache(maxsize=64)
def _names_by_run(names: tuple[str, ...]) -> dict[str, tuple[str, ...]] | None:
    """Names by their first run of word characters, longest first; None if a name starts otherwise.

    A name matches only as a whole word (no word character or hyphen either side), so a match
    starts where a run starts, and the run is the name's first run: one dictionary look-up per
    word of the text finds the few names that may start there.
    """
    found: dict[str, list[str]] = {}
    for name in names:
        first = _RUN.match(name)
        if first is None:
            return None
        found.setdefault(first.group(0), []).append(name)
    return {run: tuple(sorted(group, key=lambda n: (-len(n), n))) for run, group in found.items()}


@functools.lru_cache(maxsize=64)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """One alternation of all names, longest first, matched as whole words."""
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n)))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


def _mentions(content: str, names: tuple[str, ...]) -> Iterator[tuple[int, int]]:
    """(start, end) of each whole-word mention of a name, left to right, the longest name at a place.

    What `_names_pattern(names).finditer` finds, without trying every name at every character.
    """
    by_run = _names_by_run(names)
    if by_run is None:
        yield from (m.span() for m in _names_pattern(names).finditer(content))
        return
    after = 0
    for run in _RUN.finditer(content):
        start = run.start()
        if start < after:
            continue
        for name in by_run.get(run.group(0), ()):
            end = start + len(name)
            if content.startswith(name, start) and not _RUN.match(content, end):
                yield start, end
                after = end
                break


def _link_names(tokens: list[Token], links: list[tuple[str, str]], vocabulary: tuple[str, ...] = ()) -> None:
    """Link the first whole-word mention of each registered name, outside links and code."""
    href_of: dict[str, str] = {}
    for name, href in links:
        href_of.setdefault(name, href)
    names = vocabulary or tuple(sorted(href_of))
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
            out.extend(_split_text(child.content, names, href_of, done))
        token.children = out


def _split_text(content: str, names: tuple[str, ...], href_of: dict[str, str], done: set[str]) -> list[Token]:
    out: list[Token] = []
    start = 0
    for begin, end in _mentions(content, names):
        href = href_of.get(content[begin:end])
        if href is None or href in done:
            continue
        done.add(href)
        if begin > start:
            out.append(Token("text", "", 0, content=content[start:begin]))
        out += [Token("link_open", "a", 1, attrs={"href": href, "class": "brief-term"}),
                Token("text", "", 0, content=content[begin:end]), Token("link_close", "a", -1)]
        start = end
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
