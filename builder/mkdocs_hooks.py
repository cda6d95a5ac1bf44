"""The MkDocs hook of `brief serve` alone: regenerate the docs and the navigation on every change.

Builds do not use it: the navigation is in the configuration brief generates
(generator.write_config), so a generator that runs no hooks builds the same site.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.brief")


def on_config(config):  # noqa: ANN001, ANN201 (MkDocs hook signature)
    from builder.build import build
    from builder.problems import BriefError
    from builder.render import navigation

    root = Path(os.environ.get("BRIEF_ROOT") or Path(config["config_file_path"]).parent.parent)
    try:
        _project, index, _warnings, (written, removed) = build(root)
    except BriefError as exc:
        for problem in exc.problems:
            log.warning("brief: %s", problem)
        log.warning("brief: content has errors; the pages above are from the last good build")
        return config
    log.info("brief: %d notes, %d files written, %d removed", len(index.notes), written, removed)
    config["nav"] = navigation(index)  # a page added or removed shows in this very rebuild
    return config
