"""Past Material's end of life: Zensical, Material's successor, builds the sample brief.

brief writes a configuration any generator that reads mkdocs.yml can build (build/mkdocs.gen.yml:
docs folder, navigation, overrides, settings; no hook), so Zensical needs no other step. Material
stays the generator of `brief site`; the README says what differs under Zensical.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import brief, copy_project

ZENSICAL = shutil.which("zensical", path=str(Path(sys.executable).parent)) or shutil.which("zensical")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(ZENSICAL is None, reason="Zensical is not installed: pip install 'zensical>=0.0.73,<0.1' "
                                                          "(it is a test extra of pyproject.toml)")]


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("zensical") / "brief")
    brief(root, "build", check=True)
    done = subprocess.run([ZENSICAL, "build", "--strict", "-f", "build/mkdocs.gen.yml"], cwd=root,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No issues found" in done.stdout + done.stderr  # --strict: no broken link or anchor
    return root / "build" / "site"  # Zensical keeps site_dir inside the configuration's folder


def test_home_has_the_generated_navigation(zensical_site: Path) -> None:
    home = (zensical_site / "index.html").read_text(encoding="utf-8")
    assert "Iraq between Iran and the United States, 2023–2024" in home
    for link in ("timeline/", "countries/", "actors/", "sources/", "about/"):
        assert re.search(rf'href="(\./)?{link}"', home), link
    assert '<link rel="alternate" type="application/rss+xml"' in home  # brief's theme override works


def test_timeline_has_every_month_and_note(zensical_site: Path) -> None:
    timeline = (zensical_site / "timeline" / "index.html").read_text(encoding="utf-8")
    earlier = (zensical_site / "timeline" / "2023" / "index.html").read_text(encoding="utf-8")
    assert 'id="2024-11"' in timeline and 'id="2023-11"' in earlier  # attr_list anchors, by year
    assert timeline.count('class="brief-entry"') + earlier.count('class="brief-entry"') == 21


def test_entity_page_has_profile_feeds_and_map(zensical_site: Path) -> None:
    page = (zensical_site / "actors" / "mohammed-shia-al-sudani" / "index.html").read_text(encoding="utf-8")
    assert "Also known as:" in page and "Iraqi Prime Minister" in page
    assert "ali-khamenei" in page and 'class="brief-svg"' in page
    assert (zensical_site / "feeds" / "actors" / "mohammed-shia-al-sudani.rss.xml").is_file()


def test_search_index_holds_entities_by_alias(zensical_site: Path) -> None:
    items = json.loads((zensical_site / "search.json").read_text(encoding="utf-8"))["items"]
    sudani = [i for i in items if i["location"] == "actors/mohammed-shia-al-sudani/"]
    assert sudani and "Iraqi Prime Minister" in sudani[0]["text"]
    assert not [i for i in items if i["location"] in ("", "timeline/")]  # search: exclude is honoured
