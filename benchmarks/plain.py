"""The yardstick: a plain MkDocs + Material site with as many pages as the brief, none in the nav.

Each plain page is a note's title and body as Markdown (cycling through the notes), so the
words are the brief's own; no generated tables, entries, charts or links.
"""
from __future__ import annotations

import shutil
from pathlib import Path

CONFIG = """site_name: Plain MkDocs
site_url: https://plain.example.org/
theme:
  name: material
  features: [navigation.tabs, navigation.top, search.highlight, search.suggest]
plugins:
  - search
nav:
  - Home: index.md
validation:
  nav:
    omitted_files: ignore
"""


def _title_and_body(text: str) -> tuple[str, str]:
    _before, front, body = text.split("---\n", 2)
    title = next(line.split(":", 1)[1].strip().strip('"') for line in front.splitlines() if line.startswith("title:"))
    return title, body


def make_plain(dest: Path, notes: list[Path], pages: int) -> Path:
    """`dest`/mkdocs.yml and `pages` Markdown pages (the home page among them)."""
    if dest.exists():
        shutil.rmtree(dest)
    docs = dest / "docs" / "pages"
    docs.mkdir(parents=True)
    (dest / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (dest / "docs" / "index.md").write_text("# Plain MkDocs\n\nThe yardstick site.\n", encoding="utf-8")
    texts = [_title_and_body(p.read_text(encoding="utf-8")) for p in notes]
    for number in range(pages - 1):
        title, body = texts[number % len(texts)]
        (docs / f"page-{number:05d}.md").write_text(f"# {title}\n\n{body}", encoding="utf-8")
    return dest
