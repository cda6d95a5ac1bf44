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

import jinja2
import jinja2.bccache

log = logging.getLogger("mkdocs.plugins.brief")


# The pages the last build of the docs wrote; None: MkDocs must look at every page (the first build,
# or one that removed pages).
_changed: set[str] | None = None
_built = [False]  # whether this process has built the docs once


def on_config(config):  # noqa: ANN001, ANN201 (MkDocs hook signature)
    from builder.build import build
    from builder.problems import BriefError
    from builder.render import navigation
    from builder.write import LAST_WRITTEN

    global _changed
    root = Path(os.environ.get("BRIEF_ROOT") or Path(config["config_file_path"]).parent.parent)
    first = not _built[0]
    try:
        project, index, _warnings, (written, removed) = build(root)
    except BriefError as exc:
        for problem in exc.problems:
            log.warning("brief: %s", problem)
        log.warning("brief: content has errors; the pages above are from the last good build")
        _changed = None if first else set()
        return config
    log.info("brief: %d notes, %d files written, %d removed", len(index.notes), written, removed)
    _built[0] = True
    _changed = None if first or removed else set(LAST_WRITTEN.get(project.docs_dir.resolve(), ()))
    config["nav"] = navigation(index)  # a page added or removed shows in this very rebuild
    _keep_theme_work(config["theme"])
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
class _Compiled(jinja2.BytecodeCache):
    """Compiled theme templates kept in memory, by name and source checksum (an edited override compiles again)."""

    def __init__(self) -> None:
        self.data: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.data:
            bucket.bytecode_from_string(self.data[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.data[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _Compiled()
_LISTED: dict[tuple[str, ...], list[str]] = {}  # the theme's installed folders' files (they do not change)
_PASSED: dict[str, bool] = {}  # MkDocs' filter of theme files, by name (the same rules every build)


def _passes(filter_func, name: str) -> bool:  # noqa: ANN001
    if name not in _PASSED:
        _PASSED[name] = filter_func(name)
    return _PASSED[name]


def _keep_theme_work(theme) -> None:  # noqa: ANN001 (MkDocs' Theme)
    """Each rebuild loads the configuration and the theme anew: MkDocs would compile Material's templates
    and list its thousands of files again. Compiled templates are kept by checksum, and the files of the
    installed theme (not the brief's own overrides, which are listed every time) are listed once."""
    make_env = theme.get_env

    def get_env():  # noqa: ANN202
        env = make_env()
        env.bytecode_cache = _COMPILED
        installed = tuple(d for d in theme.dirs if Path(d).resolve().is_relative_to(Path(jinja2.__file__).parents[1]))
        list_templates = env.list_templates

        def listed(extensions=None, filter_func=None):  # noqa: ANN001, ANN202 (jinja2's signature)
            if installed not in _LISTED:
                _LISTED[installed] = jinja2.FileSystemLoader(list(installed)).list_templates()
            others = jinja2.FileSystemLoader([d for d in theme.dirs if d not in installed]).list_templates()
            names = sorted(set(_LISTED[installed]) | set(others))
            if extensions is not None or filter_func is None:
                return list_templates(extensions, filter_func)
            return [n for n in names if _passes(filter_func, n)]

        env.list_templates = listed
        return env

    theme.get_env = get_env


def on_files(files, config):  # noqa: ANN001, ANN201 (MkDocs hook signature)
    """After the first build, MkDocs looks only at the pages brief just wrote (and those of the nav):
    the others are in the served site already, unchanged, so an edit shows in a second at any size."""
    from mkdocs.structure.files import Files

    if _changed is None:
        return files
    keep = _changed | set(_nav_pages(config["nav"]))
    return Files([f for f in files if not f.is_documentation_page() or f.src_uri in keep])


def _nav_pages(nav: object) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [p for value in nav.values() for p in _nav_pages(value)]
    if isinstance(nav, list):
        return [p for item in nav for p in _nav_pages(item)]
    return []


def on_serve(server, config, builder):  # noqa: ANN001, ANN201 (MkDocs hook signature)
    """The docs folder is brief's output, not its input: watching it would build every change twice
    (once for the edit, once more for the pages brief wrote). content/ and templates/ are watched."""
    server.unwatch(config["docs_dir"])
    return server
