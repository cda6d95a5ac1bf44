"""The build, as a table of contents: load → validate → index → render → write.

`check` stops after validation; `build` writes the generated docs (fast, for editing);
`publish` stages docs, the MkDocs site, feeds and PDF and swaps them in only when all
succeeded, so a failed build leaves the last good site byte-identical.
"""
from __future__ import annotations

import contextlib
import logging
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import jinja2

from . import data, feeds, generator
from .config import Project, load_project
from .index import Index, build_index
from .load import load
from .model import Content
from .pdf import document as pdf
from .problems import BriefError, Problem, Problems, errors, warnings
from .render import render_site
from .validate import validate
from .write import Files, swap_in, sync_tree, write_tree

log = logging.getLogger(__name__)

# What a build writes besides the pages: each output takes the project and the index and
# returns more docs files. OUTPUTS run on every build (also while editing); PUBLISH_OUTPUTS,
# the heavy ones, only when the site is published.
OUTPUTS: tuple[Callable[[Project, Index], Files], ...] = (
    feeds.feed_files,  # RSS 2.0, Atom 1.0 and JSON Feed for the brief and every entity
    data.data_files,  # data/: events.csv, events.json, judgements.json, timeline.json
)
PUBLISH_OUTPUTS: tuple[Callable[[Project, Index], Files], ...] = (
    pdf.publish_pdf,  # brief.pdf
)


@dataclass(frozen=True)
class Checked:
    """The result of `check`: the project, what was usable, and every problem."""

    project: Project
    content: Content
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return errors(self.problems)

    @property
    def warnings(self) -> list[Problem]:
        return warnings(self.problems)


def check(root: Path) -> Checked:
    """Load and validate everything under `root`; never raises for a user's mistake."""
    project, config_problems = load_project(root)
    problems = Problems(root)
    content = validate(load(project.content, problems), problems)
    return Checked(project, content, sorted(config_problems + problems.items, key=lambda p: p.sort_key))


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
                                 "is missing; restore it from git (git checkout -- templates)")) from None


def build(root: Path, *, strict: bool = False) -> tuple[Project, Index, list[Problem], tuple[int, int]]:
    """Check, then bring the generated docs folder up to date (only changed files are written)."""
    project, index, warnings = checked_index(root, strict)
    files = render_all(project, index)
    return project, index, warnings, sync_tree(files, project.docs_dir)


def publish(root: Path, *, strict: bool = False, progress: Callable[[str], None] = log.info) -> tuple[Project, Index, list[Problem]]:
    """Everything, staged: generated docs, feeds, PDF and the MkDocs site; swapped in on success."""
    project, index, warnings = checked_index(root, strict)
    progress(f"checked {len(index.notes)} notes, {len(index.terms)} registry entries; "
             "rendering pages, feeds, charts and the PDF (brief -v site shows the PDF's progress)")
    files = render_all(project, index, publish=True)
    staging = project.root / "build" / f".staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        write_tree(files, staging / "docs")
        progress(f"rendered {len(files)} files; running mkdocs build --strict")
        generator.build_site(project, staging / "docs", staging / "site", generator.source_date_epoch(index))
        swap_in(staging / "docs", project.docs_dir)
        swap_in(staging / "site", project.site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return project, index, warnings
