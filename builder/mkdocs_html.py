"""The MkDocs hook of every build: brief's own HTML goes past Markdown untouched, and Material's page
frame is made once for the pages that share it.

brief's pages are mostly HTML it generated (timeline entries, a note's body and sources),
marked in the Markdown between `<!-- brief:html -->` and `<!-- /brief:html -->`. Python-Markdown
and MkDocs would parse all of it twice with Python's HTMLParser (to keep raw HTML blocks whole
and to collect ids for anchor checks), which costs more than the rest of a page together. This
hook puts each marked block aside before Markdown runs, puts it back verbatim after, and adds
its ids to the anchors MkDocs checks links against. Without the hook (another generator that
reads mkdocs.yml) the markers are plain HTML comments and Markdown passes the HTML through as
before: the hook changes how fast a page is built, not what it says.

Material renders its navigation, tabs, palette and search box anew on every page, though they come
out the same on thousands of them: the templates brief lays over Material's (templates/overrides)
hand those pieces to `brief_once`, which makes each once and gives it again to every page it would
come out the same for (see `_place`). Without the hook the templates make them every time.

MkDocs holds the HTML of every page until it writes the last: the hook has each page keep it as UTF-8
bytes (`_Lighter`), half the memory.
"""
from __future__ import annotations

import posixpath
import re
from collections.abc import Callable

import jinja2

OPEN, CLOSE = "<!-- brief:html -->", "<!-- /brief:html -->"
_ID = re.compile(r'id="([^"]*)"')  # an id attribute when it is inside a tag (checked in _ids)
_KEY = "brief_html"


def _token(page_number: int, n: int) -> str:
    return f"BRIEFHTML{page_number}X{n}X"


_TOKEN = re.compile(r"<p>BRIEFHTML([0-9]+)X([0-9]+)X</p>")  # a _token as Markdown leaves it: a paragraph


def _blocks(markdown: str, aside: Callable[[str], str]) -> str:
    """`markdown` with each marked block replaced by `aside(block)`; the HTML may start on the opening
    marker's line (a template's `{#- ... #}` eats the newline after it)."""
    out: list[str] = []
    start = 0
    while (begin := markdown.find(OPEN, start)) >= 0 and (end := markdown.find("\n" + CLOSE, begin)) >= 0:
        inner = begin + len(OPEN) + markdown.startswith("\n", begin + len(OPEN))
        out += [markdown[start:begin], aside(markdown[inner:end])]
        start = end + 1 + len(CLOSE)
    return "".join(out) + markdown[start:]


def _ids(block: str) -> list[str]:
    """The ids of the elements of an HTML block (an `id="` after a space, inside a tag)."""
    found = []
    for match in _ID.finditer(block):
        at = match.start()
        if at and block[at - 1].isspace() and block.rfind("<", 0, at) > block.rfind(">", 0, at):
            found.append(match.group(1))
    return found


def on_page_markdown(markdown, page, config, files):  # noqa: ANN001, ANN201 (MkDocs hook signature)
    if OPEN not in markdown:
        return markdown
    blocks: list[str] = []

    def aside(block: str) -> str:
        blocks.append(block)
        return f"\n{_token(id(page), len(blocks) - 1)}\n"

    markdown = _blocks(markdown, aside)
    setattr(page, _KEY, blocks)
    return markdown


def on_page_content(html, page, config, files):  # noqa: ANN001, ANN201 (MkDocs hook signature)
    blocks = getattr(page, _KEY, None)
    if not blocks:
        return html
    setattr(page, _KEY, None)
    mine = str(id(page))

    def back(match: re.Match[str]) -> str:
        return blocks[int(match.group(2))] if match.group(1) == mine else match.group(0)

    html = _TOKEN.sub(back, html)  # one pass: a block put back is not searched for tokens
    anchors = getattr(page, "present_anchor_ids", None)
    if isinstance(anchors, set):
        anchors.update(anchor for block in blocks for anchor in _ids(block))
    _lighten(page)
    return html


class _Lighter:
    """A page that keeps its HTML as UTF-8 bytes, and gives it as text when read.

    MkDocs turns every page into HTML before it writes the first one, so it holds the whole site's
    HTML at once; a text holding a single '·' or '→' takes two bytes a character in Python, so the
    HTML of 10,000 notes took 380 MB, most of the build's memory. As bytes it takes half.
    """

    @property
    def content(self) -> str | None:
        data = self.__dict__.get("_brief_utf8")
        return None if data is None else data.decode("utf-8", "surrogatepass")

    @content.setter
    def content(self, value: str | None) -> None:
        self.__dict__["_brief_utf8"] = None if value is None else value.encode("utf-8", "surrogatepass")


_LIGHTER: dict[type, type] = {}


def _lighten(page) -> None:  # noqa: ANN001 (MkDocs' Page)
    """Make `page` a _Lighter (a subclass of its own class): the HTML MkDocs sets next is kept as bytes."""
    kind = type(page)
    if issubclass(kind, _Lighter):
        return
    if kind not in _LIGHTER:
        _LIGHTER[kind] = type(kind.__name__, (_Lighter, kind), {"__module__": kind.__module__})
    content = page.__dict__.pop("content", None)
    page.__class__ = _LIGHTER[kind]
    page.content = content


def on_env(env, config, files):  # noqa: ANN001, ANN201 (MkDocs hook signature)
    env.globals["brief_once"] = _once()  # a new store each build (brief serve builds many times)
    return env


def _once() -> Callable[..., str]:
    made: dict[tuple, str] = {}
    links: dict[int, list[list[str]]] = {}  # the nav's links as URL parts, by the nav's id

    @jinja2.pass_context
    def once(context: jinja2.runtime.Context, name: str, make: Callable[[], str] | None = None, *,
             everywhere: bool = False, caller: Callable[[], str] | None = None) -> str:
        """The piece `name` as `make` (or a call block) makes it, made once for every page it comes out the
        same for: all pages if `everywhere`, else the pages outside the nav in one place (see `_place`)."""
        make = make or caller
        page, nav = context.get("page"), context.get("nav")
        if everywhere:
            key: tuple | None = (name,)
        elif page is None or nav is None:
            key = None
        else:
            if id(nav) not in links:
                links[id(nav)] = _nav_links(nav, context.get("config"))
            place = _place(page, nav, links[id(nav)])
            key = None if place is None else (name, *place)
        if key is None:
            return make()
        if key not in made:
            made[key] = make()
        return made[key]

    return once


def _parts(url: str) -> list[str]:
    """A URL's path as MkDocs compares them (mkdocs.utils._norm_parts): normalized, no leading slash."""
    path = posixpath.normpath("/" + url.lstrip("/"))[1:]
    return path.split("/") if path else []


def _nav_links(nav, config) -> list[list[str]]:  # noqa: ANN001 (MkDocs' Navigation and config)
    """Every link the navigation, tabs and logo may hold, as URL parts."""
    urls: list[str] = []

    def walk(items) -> None:  # noqa: ANN001
        for item in items:
            if isinstance(getattr(item, "url", None), str):
                urls.append(item.url)
            walk(getattr(item, "children", None) or [])

    walk(nav.items)
    extra = (config or {}).get("extra") or {}
    theme = (config or {}).get("theme")
    for url in (extra.get("homepage"), theme.get("logo") if theme else None, nav.homepage.url if nav.homepage else None):
        if isinstance(url, str):
            urls.append(url)
    return [_parts(url) for url in urls]


def _place(page, nav, links: list[list[str]]) -> tuple | None:  # noqa: ANN001 (MkDocs' Page and Navigation)
    """What the navigation of a page outside it depends on; None for a page in the nav (its items show it active).

    MkDocs writes each link of the nav relative to the folder of the page's URL (mkdocs.utils.get_relative_url).
    A link outside that folder comes out the same from every folder beside it: `notes/a/` and `notes/b/` both
    get `../../countries/`. So pages outside the nav share their nav with the pages of the folders beside
    theirs, unless a link leads into their own folder.
    """
    if page.parent is not None or any(page is other for other in nav.pages):
        return None
    folder, _, name = page.url.rpartition("/")
    here = _parts(folder if "." in name else page.url)
    if any(link[:len(here)] == here for link in links):
        return ("in", *here)
    return ("beside", *here[:-1])
