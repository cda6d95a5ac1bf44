"""Shared fixtures: a private copy of the sample brief, built once per session with the real tools."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() == "true"


def copy_project(dest: Path, *, content: bool = True) -> Path:
    """A copy of the project (content, templates, mkdocs.yml) that tests may change freely."""
    dest.mkdir(parents=True, exist_ok=True)
    if content:
        shutil.copytree(ROOT / "content", dest / "content")
    else:
        for kind in ("notes", "countries", "actors", "sources", "pages", "inbox"):
            (dest / "content" / kind).mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "templates", dest / "templates")
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


def brief(root: Path, *args: str, check: bool = False, **kwargs) -> subprocess.CompletedProcess:
    """Run the real `brief` command line on a project folder."""
    done = subprocess.run([sys.executable, "-m", "builder.cli", "--root", str(root), *args],
                          capture_output=True, text=True, **kwargs)
    if check and done.returncode != 0:
        raise AssertionError(f"brief {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "brief")


@pytest.fixture
def empty_project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "brief", content=False)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample brief built once with `brief site` (feeds, PDF, mkdocs build --strict)."""
    root = copy_project(tmp_path_factory.mktemp("sample") / "brief")
    brief(root, "site", check=True)
    return root


@pytest.fixture(scope="session")
def whole_pdf(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole sample brief as `brief pdf` prints it (the site's brief.pdf is the current edition); what it
    said on stderr beside it, in brief.pdf.log."""
    path = tmp_path_factory.mktemp("whole") / "brief.pdf"
    done = brief(built, "pdf", "-o", str(path), check=True)
    path.with_suffix(".pdf.log").write_text(done.stderr, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def site(built: Path) -> Path:
    return built / "site"


@pytest.fixture(scope="session")
def docs(built: Path) -> Path:
    return built / "build" / "docs"


def write_note(root: Path, name: str, text: str) -> Path:
    """Put a note (front matter and body as given) into a project's content/notes."""
    path = root / "content" / "notes" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def pagefind_pages(site: Path) -> dict[str, dict]:
    """Every page in a built site's Pagefind index, by URL: its indexed text, meta and filters.

    Pagefind keeps one gzipped fragment per page ('pagefind_dcd' then JSON): what a search result shows.
    """
    import gzip
    import json

    pages = {}
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd"), path
        record = json.loads(data[len(b"pagefind_dcd"):])
        pages[record["url"]] = record
    return pages
