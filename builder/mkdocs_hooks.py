"""MkDocs hooks: the generated navigation, and regeneration while `brief serve` runs.

Keeps MkDocs out of the content model: the builder writes `.brief-nav.json` beside the
generated pages, and this hook hands it to MkDocs.
"""
from __future__ import annotations

import json
import logging
import os
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.brief")
NAV_FILE = ".brief-nav.json"


def on_config(config):  # noqa: ANN001, ANN201 (MkDocs hook signature)
    docs = Path(config["docs_dir"])
    if os.environ.get("BRIEF_SERVE"):
        _regenerate(Path(os.environ.get("BRIEF_ROOT", Path(config["config_file_path"]).parent)))
    nav = docs / NAV_FILE
    if config.get("nav") is None and nav.is_file():
        config["nav"] = json.loads(nav.read_text(encoding="utf-8"))
    return config


def _regenerate(root: Path) -> None:
    from builder.build import build
    from builder.problems import BriefError
    try:
        _project, index, _warnings, (written, removed) = build(root)
        log.info("brief: %d notes, %d files written, %d removed", len(index.notes), written, removed)
    except BriefError as exc:
        for problem in exc.problems:
            log.warning("brief: %s", problem)
        log.warning("brief: content has errors; the pages above are from the last good build")
