"""`brief new DIR --title "…"`: a new brief anywhere, ready for `brief site`.

It holds content/ (one example note and a registry of one country, actor and source) and
a mkdocs.yml with the title and a site_url to fill in; templates, theme overrides, CSS and
the other MkDocs settings come from brief's defaults until the brief overrides them.
"""
from __future__ import annotations

import json
from pathlib import Path

from . import defaults
from .config import CONFIG
from .problems import BriefError
from .write import create_new

TITLE = "__TITLE__"  # in the scaffold's mkdocs.yml


def scaffold(title: str) -> dict[str, str]:
    """The new brief's files: relative path -> text."""
    files = {p.relative_to(defaults.SCAFFOLD).as_posix(): p.read_text(encoding="utf-8")
             for p in sorted(defaults.SCAFFOLD.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}
    files[CONFIG] = files[CONFIG].replace(TITLE, json.dumps(title, ensure_ascii=False))  # a JSON string is YAML
    return files


def new_brief(folder: Path, title: str) -> list[Path]:
    """Write a new brief into `folder` (new or empty); BriefError when it holds anything."""
    title = " ".join(title.split())
    if not title:
        raise BriefError("--title: give the brief a title, e.g. --title \"Sahel security brief\"")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BriefError(f"{folder} is not an empty folder; give a new folder's name, so nothing is overwritten")
    written = []
    for name, text in scaffold(title).items():
        target = folder / name
        if not create_new(target, text):  # created meanwhile by someone else: never overwrite
            raise BriefError(f"{target} appeared while the brief was being created; nothing of it was overwritten")
        written.append(target)
    return written
