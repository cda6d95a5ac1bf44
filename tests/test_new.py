"""`brief new DIR --title …` starts a brief anywhere; `cd DIR && brief site` builds it with no other step.

Run from an empty temporary folder outside the repository, with the real command line and a
real `mkdocs build --strict`. The new brief has no templates/: everything comes from the
package until it overrides a file.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from builder.defaults import TEMPLATES
from conftest import ROOT

pytestmark = pytest.mark.slow


def brief_in(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """The real `brief` command line, run in `cwd` (no --root: the current folder is the brief)."""
    return subprocess.run([sys.executable, "-m", "builder.cli", *args], cwd=cwd, capture_output=True, text=True)


@pytest.fixture(scope="module")
def new(tmp_path_factory: pytest.TempPathFactory) -> Path:
    empty = tmp_path_factory.mktemp("elsewhere")
    assert not empty.is_relative_to(ROOT) and not any(empty.iterdir())
    done = brief_in(empty, "new", "sahel", "--title", 'Sahel "watch": 2025')
    assert done.returncode == 0, done.stderr
    folder = empty / "sahel"
    assert done.stdout == (f"created {folder}/ with 5 files: mkdocs.yml (set site_url there) and content/ "
                           "(one example note, a country, an actor and a source)\n  next: cd sahel && brief site\n")
    assert done.stderr == ""
    return folder


def test_new_writes_content_and_mkdocs_yml_and_nothing_else(new: Path) -> None:
    files = sorted(p.relative_to(new).as_posix() for p in new.rglob("*") if p.is_file())
    assert files == ["content/actors/althing.md", "content/countries/iceland.md",
                     "content/notes/2024/althing-debates-an-example-bill.md", "content/sources/example-news.md",
                     "mkdocs.yml"]
    config = (new / "mkdocs.yml").read_text(encoding="utf-8")
    assert 'site_name: "Sahel \\"watch\\": 2025"\n' in config and "site_url: https://" in config


def test_the_new_brief_checks_clean_and_builds_with_brief_site(new: Path) -> None:
    checked = brief_in(new, "check", "--strict")
    assert (checked.returncode, checked.stdout, checked.stderr) == (
        0, "ok: 1 note, 0 key judgements, 0 drafts, 3 registry entries, 1 tag, 0 pages\n", "")
    done = brief_in(new, "site", "--strict")  # mkdocs build --strict, feeds and the PDF
    assert done.returncode == 0, done.stderr
    assert ("mkdocs.yml:4: site_url: (warning) https://brief.example.org/ is a placeholder; set it to the address "
            "readers use, e.g. https://brief.intranet.example/") in done.stderr.splitlines()
    site = new / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<title>Sahel &quot;watch&quot;: 2025 - Sahel "watch": 2025</title>' in home  # the title, as YAML kept it
    assert 'href="assets/brief.css"' in home and (site / "assets" / "brief.css").is_file()  # packaged CSS
    assert 'type="application/rss+xml"' in home  # packaged theme override: feed discovery
    assert home.count('Handling: </span>INTERNAL</p>') == 2  # and the marking: brief's default, as in the PDF
    note = (site / "notes" / "althing-debates-an-example-bill" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../actors/althing/"' in note and 'href="../../countries/iceland/"' in note
    assert (site / "feeds" / "rss.xml").is_file() and (site / "brief.pdf").read_bytes().startswith(b"%PDF")
    assert not (new / "templates").exists()


def test_a_brief_overrides_the_packaged_templates_file_by_file(new: Path) -> None:
    css = new / "templates" / "assets" / "brief.css"
    css.parent.mkdir(parents=True)
    css.write_text("/* this brief's own CSS */\n", encoding="utf-8")
    partial = new / "templates" / "overrides" / "partials" / "logo.html"  # a Material partial (the header logo)
    partial.parent.mkdir(parents=True)
    partial.write_text('<span class="sahel-logo">Sahel desk</span>\n', encoding="utf-8")
    try:
        done = brief_in(new, "site", "--strict")
        assert done.returncode == 0, done.stderr
        site = new / "site"
        assert (site / "assets" / "brief.css").read_text(encoding="utf-8") == "/* this brief's own CSS */\n"
        home = (site / "index.html").read_text(encoding="utf-8")
        assert "Sahel desk" in home  # the brief's override
        assert 'type="application/rss+xml"' in home  # and the packaged main.html, still there
        assert (TEMPLATES / "assets" / "brief.css").read_text(encoding="utf-8") != "/* this brief's own CSS */\n"
    finally:
        css.unlink()
        partial.unlink()


def test_new_refuses_a_folder_that_holds_anything(new: Path) -> None:
    done = brief_in(new.parent, "new", new.name, "--title", "Again")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (f"brief new: {new} is not an empty folder; give a new folder's name, "
                           "so nothing is overwritten\n")
