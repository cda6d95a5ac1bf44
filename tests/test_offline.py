"""`brief offline`: a zip of the site that works from file://, search included, with no network."""
from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import brief
from test_browser import browser, open_page, search  # noqa: F401  (the session's Chromium)

from builder.build import checked_index
from builder.offline import FOLDER


@pytest.fixture(scope="session")
def offline_zip(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("offline") / "brief-offline.zip"
    done = brief(built, "offline", "-o", str(out), check=True)
    assert "offline copy ready" in done.stdout
    return out


@pytest.fixture(scope="session")
def unzipped(offline_zip: Path) -> Path:
    folder = offline_zip.parent / "unzipped"
    with zipfile.ZipFile(offline_zip) as archive:
        archive.extractall(folder)
    return folder / FOLDER


def test_zip_holds_one_folder_with_file_links_and_inlined_search(built: Path, offline_zip: Path, unzipped: Path) -> None:
    day = checked_index(built)[1].cutoff.last_day()
    with zipfile.ZipFile(offline_zip) as archive:
        names = archive.namelist()
        assert names == sorted(names) and all(n.startswith(f"{FOLDER}/") for n in names)
        assert {i.date_time for i in archive.infolist()} == {(day.year, day.month, day.day, 0, 0, 0)}  # the cut-off, not the clock
    for needed in ("index.html", "timeline.html", "actors/mohammed-shia-al-sudani.html", "search/search_index.js",
                   "assets/javascripts/iframe-worker.js", "feeds/rss.xml", "brief.pdf"):
        assert (unzipped / needed).is_file(), needed
    home = (unzipped / "index.html").read_text(encoding="utf-8")
    # Material's search (Pagefind cannot load from file://): its form, and neither Pagefind nor brief's script
    assert '<form class="md-search__form" name="search">' in home and "assets/search.js" not in home
    assert not (unzipped / "pagefind").exists()
    assert 'href="timeline.html"' in home and 'href="actors/mohammed-shia-al-sudani.html"' in home
    for page in unzipped.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r'<script[^>]+src="(https?:)?//', text), f"{page}: a script from the network"
        assert "unpkg.com" not in text and "fonts.googleapis" not in text, page


def test_every_offline_page_carries_the_marking(unzipped: Path) -> None:
    pages = sorted(unzipped.rglob("*.html"))
    assert len(pages) > 60
    marking = '<p class="brief-marking"><span class="brief-visually-hidden">Handling: </span>INTERNAL</p>'
    assert [page.name for page in pages if page.read_text(encoding="utf-8").count(marking) != 2] == []


def test_offline_zip_is_deterministic(built: Path, offline_zip: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.zip"
    brief(built, "offline", "-o", str(again), check=True)
    assert again.read_bytes() == offline_zip.read_bytes()


def test_offline_refuses_a_name_that_is_not_a_zip(built: Path, tmp_path: Path) -> None:
    done = brief(built, "offline", "-o", str(tmp_path / "copy.tar"))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "copy.tar: -o: the offline copy is a zip; name it e.g. brief-offline.zip" in done.stderr


@pytest.fixture
def file_page(browser: object, unzipped: Path) -> Iterator:  # noqa: F811
    context, page, watch = open_page(browser, (unzipped.as_uri(),))
    yield page
    context.close()
    watch.check()


def test_search_works_from_file_url_without_network(file_page: object, unzipped: Path) -> None:
    file_page.goto((unzipped / "index.html").as_uri())
    assert file_page.locator("figure.brief-chart-monthly svg").is_visible()
    found = search(file_page, "Sudani")
    assert found and found[0] == (unzipped / "actors" / "mohammed-shia-al-sudani.html").as_uri()
    file_page.locator(".md-search-result__list > li > a").first.click()
    file_page.wait_for_load_state("load")
    assert file_page.locator("h1").first.inner_text().rstrip("¶") == "Mohammed Shia al-Sudani"
    file_page.locator("figure.brief-map svg a").nth(1).click()  # a link inside the map, to another actor
    file_page.wait_for_load_state("load")
    assert file_page.url.startswith((unzipped / "actors").as_uri()) and file_page.url.endswith(".html")
