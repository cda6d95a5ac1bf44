"""The benchmark's in-process steps, each run in a child process: `python -m benchmarks.steps STEP ...`.

Each prints one JSON line with its timings; the parent adds wall time and peak memory.
"""
from __future__ import annotations

import argparse
import contextlib
import functools
import json
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path


class Clock:
    """Wall and CPU seconds per named part; parts may be entered many times (they add up)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    @contextlib.contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        started, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started
            self.cpu[name] = self.cpu.get(name, 0.0) + time.process_time() - cpu

    def result(self, **more: object) -> dict:
        return {"seconds": self.seconds, "cpu": self.cpu, **more}

    def wrap(self, owner: object, attribute: str, name: str) -> None:
        """Time every call of `owner.attribute` under `name` (calls inside calls count once)."""
        inner: Callable = getattr(owner, attribute)
        depth = [0]

        @functools.wraps(inner)
        def timed(*args, **kwargs):
            if depth[0]:
                return inner(*args, **kwargs)
            depth[0] += 1
            try:
                with self(name):
                    return inner(*args, **kwargs)
            finally:
                depth[0] -= 1
        setattr(owner, attribute, timed)


def stages(root: Path) -> dict:
    """load → validate → index → render (charts inside) → feeds → write, from nothing, timed apart."""
    from builder import charts, feeds
    from builder.generator import source_date_epoch
    from builder.config import load_project
    from builder.index import build_index
    from builder.load import load
    from builder.problems import Problems
    from builder.render import render_site
    from builder.validate import validate
    from builder.write import sync_tree

    clock = Clock()
    for function in ("monthly", "series", "actor_map"):
        clock.wrap(charts, function, "charts")
    with clock("load"):
        project, config_problems = load_project(root)
        problems = Problems(root)
        raw = load(project, problems)
    with clock("validate"):
        content = validate(raw, problems)
    with clock("index"):
        index = build_index(content)
    with clock("render"):
        pages = render_site(project, index)
    with clock("feeds"):
        feed_files = feeds.feed_files(project, index)
    shutil.rmtree(project.docs_dir, ignore_errors=True)
    with clock("write"):
        written, _removed = sync_tree({**pages, **feed_files}, project.docs_dir)
    newest = index.notes[0]
    people = [t for t, _n in index.ranked("actors") if t.category == "person"]
    return clock.result(**{"problems": len(config_problems) + len(problems.items),
            "notes": len(index.notes), "terms": len(index.terms), "written": written,
            "pages": sum(name.endswith(".md") for name in pages), "feed_files": len(feed_files),
            "cutoff": index.cutoff.iso(), "epoch": source_date_epoch(index),
            "edit": {"path": newest.path, "slug": newest.slug},
            "query": next((a for a in people[0].aliases if "Prime Minister" in a), people[0].name) if people else "",
            "query_expects": people[0].name if people else ""})


def rebuild(root: Path, note: str) -> dict:
    """A build in a warm process (as `brief serve` runs it), then one edited note built again."""
    from builder.build import build

    path = root / note
    original = path.read_text(encoding="utf-8")
    started = time.perf_counter()
    build(root)
    first = time.perf_counter() - started
    try:
        path.write_text(original.rstrip("\n") + "\n\nOne sentence added for the benchmark.\n", encoding="utf-8")
        started, cpu = time.perf_counter(), time.process_time()
        _project, _index, _warnings, (written, removed) = build(root)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        path.write_text(original, encoding="utf-8")
    return {"first_build": first, "seconds": seconds, "cpu": cpu, "written": written, "removed": removed}


def mkdocs(config: Path, site: Path) -> dict:
    """`mkdocs build --strict`, with MkDocs' own phases timed: Markdown, page templates, search."""
    from mkdocs.__main__ import cli
    from mkdocs.commands import build

    clock = Clock()
    clock.wrap(build, "_populate_page", "markdown")
    clock.wrap(build, "_build_page", "pages")
    for module in ("mkdocs.contrib.search", "material.plugins.search.plugin"):
        with contextlib.suppress(ImportError):
            plugin = __import__(module, fromlist=["SearchPlugin"]).SearchPlugin
            clock.wrap(plugin, "on_page_context", "search (per page)")
            clock.wrap(plugin, "on_post_build", "search (index written)")
    with clock("total"):
        cli.main(["build", "--strict", "--quiet", "-f", str(config), "-d", str(site)], standalone_mode=False)
    return clock.result()


def site(root: Path, since: str) -> dict:
    """`brief site --strict` with the edition PDF (the notes since `since`) in place of the whole brief, its parts timed.

    Feeds and the PDF are made in a second process while the pages render, MkDocs and Pagefind run:
    what the main process waits for them is timed as its own part.
    """
    from builder import build, generator, paths, search
    from builder.pdf import document as pdf

    clock = Clock()

    def edition_pdf(project, index) -> dict[str, bytes]:  # noqa: ANN001 (a PUBLISH_OUTPUTS function)
        with clock("pdf"):
            return {paths.PDF: pdf.render(project, index, pdf.resolve_scope(index, since=since)).data}

    if since:  # no editions: the notes since `since` stand in for the current edition
        build.PUBLISH_OUTPUTS = (edition_pdf,)
    for owner, function, part in ((build, "checked_index", "check and index"), (build, "link_tree", "render pages"),
                                  (build, "sync_outputs", "render pages"),
                                  (build, "move_tree", "write"), (generator, "build_site", "mkdocs build"),
                                  (search, "index_site", "search index (Pagefind)"),
                                  (build.Beside, "result", "wait for feeds and PDF"), (build, "swap_in", "swap in")):
        clock.wrap(owner, function, part)
    with clock("total"):
        build.publish(root, strict=True)
    return clock.result()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.steps", description=__doc__.splitlines()[0])
    p.add_argument("step", choices=("stages", "rebuild", "mkdocs", "site"))
    p.add_argument("path", type=Path, help="the project folder (mkdocs: the configuration to build)")
    p.add_argument("arg", nargs="?", default="", help="rebuild: the note to edit; mkdocs: the site folder; site: --since")
    args = p.parse_args(argv)
    if args.step == "stages":
        result = stages(args.path)
    elif args.step == "rebuild":
        result = rebuild(args.path, args.arg)
    elif args.step == "mkdocs":
        result = mkdocs(args.path, Path(args.arg))
    else:
        result = site(args.path, args.arg)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
