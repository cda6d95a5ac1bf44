"""Every internal link and anchor in the built site resolves.

A small checker (html.parser, no network): each relative href/src in every page, each address
under site_url in pages, feeds, the sitemap and the search index, must name a file in site/;
each #fragment must be an id (or a named anchor) on the page it points to.
"""
from __future__ import annotations

import json
import posixpath
import re
import xml.etree.ElementTree as ET
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from builder.config import load_project
from conftest import pagefind_pages

LINK_ATTRS = {"href", "src", "poster", "data"}
URL_KEYS = {"url", "home_page_url", "feed_url", "location"}


class Page(HTMLParser):
    """The ids a page offers and the addresses it links to."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value or "")
            elif name in LINK_ATTRS and value is not None:
                self.links.append(value)

    handle_startendtag = handle_starttag


class Checker:
    """Resolves addresses against one built site and remembers what is broken."""

    def __init__(self, site: Path, site_url: str) -> None:
        self.site = site.resolve()
        self.site_url = site_url
        self.broken: list[str] = []
        self.checked = 0

    @cache  # noqa: B019 (one checker per test; pages are parsed once)
    def page(self, path: Path) -> Page:
        return Page(path.read_text(encoding="utf-8"))

    def target(self, here: str, address: str) -> tuple[str, str] | None:
        """(site-relative path, fragment) of an internal address; None when it is external."""
        if address.startswith(self.site_url):
            address = "/" + address[len(self.site_url):]
        parts = urlsplit(address)
        if parts.scheme or parts.netloc:
            return None
        path = unquote(parts.path)
        if not path:
            return here, unquote(parts.fragment)
        joined = path.lstrip("/") if path.startswith("/") else posixpath.join(posixpath.dirname(here), path)
        resolved = posixpath.normpath(joined) if joined else "."
        if path.endswith("/") or (self.site / resolved).is_dir():
            resolved = posixpath.join(resolved, "index.html")
        return resolved, unquote(parts.fragment)

    def check(self, here: str, address: str) -> None:
        found = self.target(here, address)
        if found is None:
            return
        self.checked += 1
        rel, fragment = found
        file = (self.site / rel).resolve()
        if not file.is_relative_to(self.site) or not file.is_file():
            self.broken.append(f"{here}: {address} -> {rel} does not exist")
        elif fragment and file.suffix == ".html" and fragment not in self.page(file).ids:
            self.broken.append(f"{here}: {address} -> no id '{fragment}' on {rel}")

    def run(self) -> list[str]:
        for path in sorted(self.site.rglob("*")):
            here = path.relative_to(self.site).as_posix()
            if path.suffix == ".html":
                for address in self.page(path).links:
                    self.check(here, address)
            elif path.suffix == ".xml":
                self.xml(here, path)
            elif path.suffix == ".json":
                self.json(here, json.loads(path.read_text(encoding="utf-8")))
        return self.broken

    def xml(self, here: str, path: Path) -> None:
        for element in ET.parse(path).iter():
            for address in [element.text or "", element.get("href") or ""]:
                if address.strip().startswith(self.site_url):
                    self.check(here, address.strip())

    def json(self, here: str, value: object, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                self.json(here, v, k)
        elif isinstance(value, list):
            for v in value:
                self.json(here, v, key)
        elif isinstance(value, str) and key in URL_KEYS and value.startswith(self.site_url):
            self.check(here, value)


@pytest.fixture(scope="module")
def site_url(built: Path) -> str:
    project, _problems = load_project(built)
    return project.site.url


def test_every_internal_link_and_anchor_resolves(site: Path, site_url: str) -> None:
    checker = Checker(site, site_url)
    assert checker.run() == []
    assert checker.checked > 1000  # the checker really walked the site's links


def test_feeds_and_search_point_into_the_site(site: Path, site_url: str) -> None:
    """Feed items, the sitemap and the search index name pages that exist."""
    checker = Checker(site, site_url)
    for name in ("sitemap.xml", *(p.relative_to(site).as_posix() for p in (site / "feeds").rglob("*.xml"))):
        checker.xml(name, site / name)
    for url in pagefind_pages(site):  # search results: root-relative addresses
        checker.check("index.html", url.lstrip("/") or "./")
    for entry in json.loads((site / "assets" / "search-names.json").read_text("utf-8")):
        checker.check("index.html", entry["url"])
    assert checker.broken == []
    assert checker.checked > 50


@pytest.mark.parametrize("html, broken", [
    ('<a href="../nowhere/">x</a>', "does not exist"),
    ('<a href="#no-such-id">x</a>', "no id 'no-such-id'"),
    ('<a href="../timeline/#no-such-month">x</a>', "no id 'no-such-month'"),
    ('<img src="../../../../etc/passwd">', "does not exist"),
    ('<a href="https://brief.example.org/missing/">x</a>', "does not exist"),
])
def test_the_checker_finds_a_broken_link(tmp_path: Path, html: str, broken: str) -> None:
    """Planted breakage is found, so a pass above means the links are really whole."""
    (tmp_path / "timeline").mkdir()
    (tmp_path / "timeline" / "index.html").write_text('<h2 id="m-2024-03">March</h2>', encoding="utf-8")
    (tmp_path / "page").mkdir()
    (tmp_path / "page" / "index.html").write_text(f'<p id="top">{html}</p>', encoding="utf-8")
    broken_links = Checker(tmp_path, "https://brief.example.org/").run()
    assert len(broken_links) == 1 and broken in broken_links[0], broken_links


def test_anchor_ids_are_unique_on_each_page(site: Path) -> None:
    """A fragment must land on one place: no page repeats an id."""
    repeated = {}
    for path in site.rglob("*.html"):
        ids = re.findall(r'\sid="([^"]+)"', path.read_text(encoding="utf-8"))
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            repeated[path.relative_to(site).as_posix()] = twice
    assert repeated == {}
