"""The build, as a table of contents: load → validate → index → render → write.

`check` stops after validation; `build` writes the generated docs (fast, for editing);
`publish` stages docs, the MkDocs site, its search index, feeds and PDF and swaps them in only
when all succeeded, so a failed build leaves the last good site byte-identical.
"""
from __future__ import annotations

import contextlib
import functools
import logging
import multiprocessing
import os
import traceback
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import jinja2

from . import cache, data, feeds, generator, search
from .config import Project
from .content import check
from .index import Index, build_index
from .lock import build_lock, remove_stale
from .model import count_terms
from .pdf import document as pdf
from .problems import BriefError, Problem
from .render import navigation, site_outputs
from .write import (Files, Output, forget_folder, link_tree, move_tree, moved, outputs_list, remove_tree, swap_in,
                    sync_outputs, write_outputs)

log = logging.getLogger(__name__)

# What a build writes besides the pages: each output takes the project and the index and
# returns more docs files. OUTPUTS run on every build (also while editing), each either Files or
# outputs (name, key, make) whose key says what a file depends on, so that an edit makes again only
# what it touches; PUBLISH_OUTPUTS, the heavy ones, only when the site is published.
OUTPUTS: tuple[Callable[[Project, Index], Files | Iterable[Output]], ...] = (
    feeds.feed_outputs,  # RSS 2.0, Atom 1.0 and JSON Feed for the brief and every entity
    data.data_files,  # data/: events.csv, events.json, judgements.json, timeline.json
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


def outputs(project: Project, index: Index, *, publish: bool = False, directory_urls: bool | None = None,
            outputs_of: tuple | None = None) -> list[Output]:
    """Every file of the docs folder, in path order, each with its key and how to make it."""
    with _template_problems(project):
        found = list(site_outputs(project, index, directory_urls=directory_urls))
        for output in (*(OUTPUTS if outputs_of is None else outputs_of), *(PUBLISH_OUTPUTS if publish else ())):
            found += as_outputs(output(project, index))
    return outputs_list(found)


def as_outputs(made: Files | Iterable[Output]) -> list[Output]:
    """What an output function returned, as outputs: Files are made every time (no key)."""
    if isinstance(made, dict):
        return [(name, None, functools.partial(_given, content)) for name, content in made.items()]
    return list(made)


def _given(content: str | bytes) -> str | bytes:
    return content


def render_all(project: Project, index: Index, *, publish: bool = False, directory_urls: bool | None = None,
               outputs_of: tuple | None = None) -> Files:
    """Every file of the docs folder, made (only the pages and those of `outputs_of`, when given)."""
    listed = outputs(project, index, publish=publish, directory_urls=directory_urls, outputs_of=outputs_of)
    with _template_problems(project):
        return {name: make() for name, _key, make in listed}


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


def build(root: Path, *, strict: bool = False, keep: bool = False) -> tuple[Project, Index, list[Problem], tuple[int, int]]:
    """Check, then bring the generated docs folder up to date (only changed files are written),
    with the MkDocs configuration that builds it (build/mkdocs.gen.yml); `keep`: and keep what it
    made for the next command (builder/cache.py): the command's last act, as it lets go of what is not kept."""
    project, index, warnings = checked_index(root, strict)
    listed = outputs(project, index)
    with build_lock(project.build_dir), _template_problems(project):
        counts = sync_outputs(listed, project.docs_dir, listed=True)
        generator.write_config(project, project.build_dir, project.docs_dir, navigation(index))
        if keep:
            cache.save(project.root, project.build_dir)
    return project, index, warnings, counts


def publish(root: Path, *, strict: bool = False, progress: Callable[[str], None] = log.info,
            keep: bool = False) -> tuple[Project, Index, list[Problem]]:
    """Everything, staged: generated docs, feeds, PDF, the MkDocs site and its search index; swapped in on
    success (`keep`: and what it made kept for the next command, as `build` does).

    Feeds and the PDF are made in a second process while this one renders the pages, runs MkDocs and
    Pagefind (they are static files MkDocs only copies); all must succeed before anything is swapped in.
    """
    project, index, warnings = checked_index(root, strict)
    progress(f"checked {len(index.notes)} notes, {count_terms(index.terms)}; rendering pages, and "
             "feeds and the PDF beside them (brief -v site shows the PDF's progress)")
    with build_lock(project.build_dir, progress=progress):
        for path in remove_stale(project.build_dir, project.docs_dir, project.site_dir):
            log.warning("removed %s, left by a build that was stopped", path.relative_to(project.root).as_posix())
        staging = project.build_dir / f".staging-{os.getpid()}"
        beside = Beside(project, index, (*OUTPUTS, *PUBLISH_OUTPUTS), staging / "beside")
        try:
            pages = outputs(project, index, outputs_of=())
            with _template_problems(project):  # from the last docs, linked: only what changed is made again
                link_tree(project.docs_dir, staging / "docs")
                sync_outputs(pages, staging / "docs", listed=True, linked_from=project.docs_dir)
            config = generator.write_config(project, staging, staging / "docs", navigation(index))
            progress(f"rendered {len(pages)} pages; running mkdocs build --strict")
            generator.build_site(project, config, staging / "site", generator.source_date_epoch(index))
            if generator.uses_pagefind(project):  # while the feeds and the PDF are still being made
                progress("indexing the site for search with Pagefind")
                search.index_site(staging / "site")
            names = beside.result()
            progress(f"made {len(names)} feed, data and PDF files")
            if clash := sorted(set(names) & {name for name, _key, _make in pages}):
                raise BriefError(f"two outputs write '{clash[0]}'; this is a bug")
            move_tree(names, staging / "beside", staging / "docs", also=staging / "site")  # as MkDocs would copy them
            swap_in(staging / "docs", project.docs_dir)
            moved(staging / "docs", project.docs_dir)
            swap_in(staging / "site", project.site_dir)
            if keep:
                cache.save(project.root, project.build_dir)
        finally:
            beside.stop()
            forget_folder(staging / "docs")  # after a failure: nothing to know of a folder that is gone
            remove_tree(staging)  # after a failure it holds a whole site
    return project, index, warnings


class Beside:
    """Outputs made in a forked process while this one goes on, each written into `folder` as it is
    made; `result()` waits for them and gives their names. Where processes cannot be forked, they
    are made at once, in this process."""

    def __init__(self, project: Project, index: Index, makers: tuple[Callable[[Project, Index], Any], ...],
                 folder: Path) -> None:
        self._names: list[str] | None = None
        self._proc = None
        if "fork" not in multiprocessing.get_all_start_methods():
            self._names = _made(project, index, makers, folder)
            return
        context = multiprocessing.get_context("fork")
        self._pipe, send = context.Pipe(duplex=False)
        self._proc = context.Process(target=_make_beside, args=(project, index, makers, folder, send), daemon=True)
        self._proc.start()
        send.close()

    def result(self) -> list[str]:
        if self._names is not None:
            return self._names
        try:
            kind, value = self._pipe.recv()
        except EOFError:
            raise BriefError("the process making the feeds and the PDF stopped without a word (out of memory?); "
                             "the previous site is kept") from None
        self._proc.join()
        if kind == "problems":
            raise BriefError(value)
        if kind == "bug":
            raise RuntimeError(f"making the feeds and the PDF failed:\n{value}")
        self._names = value
        return value

    def stop(self) -> None:
        if self._proc is not None and self._proc.is_alive():
            self._proc.terminate()
            self._proc.join()


def _made(project: Project, index: Index, makers: tuple[Callable[[Project, Index], Any], ...], folder: Path) -> list[str]:
    """The files of `makers` written into `folder`; their names. Each maker returns Files or outputs."""
    found: list[Output] = []
    with _template_problems(project):
        for maker in makers:
            found += as_outputs(maker(project, index))
        write_outputs(found, folder)
    return [name for name, _key, _make in found]


def _make_beside(project: Project, index: Index, makers: tuple, folder: Path, send: Connection) -> None:
    """In the forked process: the names of the files written, or the problems, or the traceback of a bug."""
    try:
        send.send(("names", _made(project, index, makers, folder)))
    except BriefError as exc:
        send.send(("problems", exc.problems))
    except BaseException:  # noqa: BLE001 (a bug: its traceback goes to the parent, which raises)
        send.send(("bug", traceback.format_exc()))
    finally:
        send.close()
