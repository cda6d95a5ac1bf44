"""The MkDocs hook of `brief serve` alone: regenerate the docs and the navigation on every change,
and the search index after every build.

Builds do not use it: the navigation is in the configuration brief generates
(generator.write_config), so a generator that runs no hooks builds the same site.
"""
from __future__ import annotations

import logging
import os
import threading
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


def on_post_build(config):  # noqa: ANN001, ANN201 (MkDocs hook signature)
    """Search in `brief serve` as on the published site: Pagefind indexes every rebuild.

    The first index is made before the site is served; later ones in the background, so an edit
    reaches the page at once and the search a few seconds later (a large brief takes Pagefind a while).
    """
    from builder import search

    if not search.uses_pagefind(list(config["plugins"])):
        return
    site = Path(config["site_dir"])
    _PENDING.set()
    if _INDEXING.acquire(blocking=False):
        if (site / search.BUNDLE).exists():
            threading.Thread(target=_index_until_current, args=(site,), daemon=True).start()
        else:
            _index_until_current(site)


_INDEXING = threading.Lock()  # one Pagefind run at a time
_PENDING = threading.Event()  # a build finished since the running index began


def _index_until_current(site: Path) -> None:
    from builder import search
    from builder.problems import BriefError

    while True:
        try:
            while _PENDING.is_set():
                _PENDING.clear()
                try:
                    search.reindex_site(site)
                except BriefError as exc:
                    for problem in exc.problems:
                        log.warning("brief: %s", problem)
        finally:
            _INDEXING.release()
        if not _PENDING.is_set() or not _INDEXING.acquire(blocking=False):
            return
