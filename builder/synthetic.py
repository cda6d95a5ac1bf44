"""Synthetic briefs of any size, for benchmarks: the sample registry plus N generated notes."""
from __future__ import annotations

import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = ("militia", "drone", "strike", "embassy", "sanctions", "waiver", "electricity", "dollar", "reserves",
         "sovereignty", "deterrence", "escalation", "talks", "officials", "warned", "pressed", "Baghdad",
         "Tehran", "Washington", "agreement", "forces", "base", "border", "statement", "response")
COUNTRIES = ("Iraq", "Iran", "United States", "Israel", "Syria", "Lebanon")
ACTORS = ("al-Sudani", "Antony Blinken", "Jake Sullivan", "Kataib Hezbollah", "IRGC", "Lloyd Austin",
          "Islamic Resistance in Iraq", "Ali Khamenei")
SOURCES = ("Axios", "Shafaq News", "The Soufan Center", "al-Akhbar")


def _paragraph(rng: random.Random, words: int = 60) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def note_text(index: int, rng: random.Random) -> tuple[str, str]:
    """(relative path, text) of one plausible note."""
    year = 2023 + index % 2
    month, day = 1 + index % 12, 1 + index % 28
    countries = rng.sample(COUNTRIES, 2)
    actors = rng.sample(ACTORS, 3)
    source = rng.choice(SOURCES)
    slug = f"development-{index:05d}"
    body = "\n\n".join(_paragraph(rng) for _ in range(3))
    text = f"""---
title: Development {index} on {rng.choice(WORDS)} and {rng.choice(WORDS)}
date: {year}-{month:02d}-{day:02d}
sources:
  - name: {source}
    url: https://example.org/{slug}
    published: {year}-{month:02d}-{day:02d}
countries: [{", ".join(countries)}]
actors: [{", ".join(actors)}]
tags: [synthetic]
credibility: {2 + index % 3}
---
{body}
"""
    return f"content/notes/{year}/{slug}.md", text


def make_project(dest: Path, notes: int, seed: int = 7) -> Path:
    """A project folder with the sample's registry, templates and config and `notes` notes."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for kind in ("countries", "actors", "sources"):
        shutil.copytree(ROOT / "content" / kind, dest / "content" / kind)
    shutil.copytree(ROOT / "templates", dest / "templates")
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    (dest / "builder").symlink_to(ROOT / "builder")
    rng = random.Random(seed)
    for index in range(notes):
        rel, text = note_text(index, rng)
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return dest
