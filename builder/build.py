"""The build, as a table of contents: load → validate → index → render → write.

`check` stops after validation; `build` writes the generated docs (fast, for editing);
`publish` stages docs, the MkDocs site, its search index, feeds and PDF and swaps them in only
when all succeeded, so a failed build leaves the last good site byte-identical.
"""
from __future__ import annotations

import contextlib
import logging
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import jinja2

from . import feeds, generator, search
from .config import Project
from .content import check
from .index import Index, build_index
from .model import count_terms
from .pdf import document as pdf
from .problems import BriefError, Problem
from .render import navigation, render_site
from .write import Files, swap_in, sync_tree, write_tree

log = logging.getLogger(__name__)

# What a build writes besides the pages: each output takes the project and the index and
# returns more docs files. OUTPUTS run on every build (also while editing); PUBLISH_OUTPUTS,
# the heavy ones, only when the site is published.
OUTPUTS: tuple[Callable[[Project, Index], Files], ...] = (
    feeds.feed_files,  # RSS 2.0, Atom 1.0 and JSON Feed for the brief and every entity
    search.names_file,  # the registry's names and pages, for the search box
)
PUBLISH_OUTPUTS: tuple[Callable[[Project, Index], Files], ...] = (
    pdf.publish_pdf,  # brief.pdf
)


def checked_index(root: Path, strict: bool = False) -> tuple[Project, Index, list[Problem]]:
    """The index of valid content, or BriefError with every problem."""
    result = check(root)
    if result.errors or (strict and result.warnings):
        raise BriefError(result.problems)
    return result.project, build_index(result.content), result.warnings


def render_all(project: Project, index: Index, *, publish: bool = False, directory_urls: bool | None = None) -> Files:
    with _template_problems(project):
        files: Files = dict(render_site(project, index, directory_urls=directory_urls))
        for output in OUTPUTS + (PUBLISH_OUTPUTS if publish else ()):
            for name, data in output(project, index).items():
                if name in files:
                    raise BriefError(f"two outputs write '{name}'; this is a bug in {output.__module__}")
                files[name] = data
    return files


@contextlib.contextmanager
def _template_problems(project: Project) -> Iterator[None]:
    """A template an analyst edited and broke is their mistake: a message, not a traceback."""
    try:
        yield
    except jinja2.TemplateSyntaxError as exc:
        where = Path(exc.filename or exc.name or "templates")
        path = where.relative_to(project.root).as_posix() if where.is_relative_to(project.root) else where.as_posix()
        raise BriefError(Problem(path, exc.lineno or 1, "template",
                                 f"{exc.message}; fix the template syntax on this line")) from None
    except jinja2.TemplateNotFound as exc:
        raise BriefError(Problem(f"templates/{exc.name}", 1, "template",
                                 "is neither in templates/ nor among brief's defaults; check the name where "
                                 "a template includes or extends it")) from None


def build(root: Path, *, strict: bool = False) -> tuple[Project, Index, list[Problem], tuple[int, int]]:
    """Check, then bring the generated docs folder up to date (only changed files are written),
    with the MkDocs configuration that builds it (build/mkdocs.gen.yml)."""
    project, index, warnings = checked_index(root, strict)
    files = render_all(project, index)
    counts = sync_tree(files, project.docs_dir)
    generator.write_config(project, project.build_dir, project.docs_dir, navigation(index))
    return project, index, warnings, counts


def publish(root: Path, *, strict: bool = False, progress: Callable[[str], None] = log.info) -> tuple[Project, Index, list[Problem]]:
    """Everything, staged: generated docs, feeds, PDF and the MkDocs site; swapped in on success."""
    project, index, warnings = checked_index(root, strict)
    progress(f"checked {len(index.notes)} notes, {count_terms(index.terms)}; "
             "rendering pages, feeds, charts and the PDF (brief -v site shows the PDF's progress)")
    files = render_all(project, index, publish=True)
    staging = project.build_dir / f".staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        write_tree(files, staging / "docs")
        config = generator.write_config(project, staging, staging / "docs", navigation(index))
        progress(f"rendered {len(files)} files; running mkdocs build --strict")
        generator.build_site(project, config, staging / "site", generator.source_date_epoch(index))
        if generator.uses_pagefind(project):
            progress("indexing the site for search with Pagefind")
            search.index_site(staging / "site")
        swap_in(staging / "docs", project.docs_dir)
        swap_in(staging / "site", project.site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return project, index, warnings
