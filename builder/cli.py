"""The `brief` command: a thin layer that turns BriefError into messages and exit codes."""
from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from . import __version__
from .build import build, check, publish
from .problems import BriefError, Problem

COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}


def command(name: str) -> Callable:
    def register(func: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
        COMMANDS[name] = func
        return func
    return register


def _report(problems: list[Problem], *, stream=sys.stderr) -> None:
    for problem in problems:
        print(problem, file=stream)


def _summary(problems: list[Problem]) -> str:
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    files = len({p.path for p in problems})
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} in {files} file{'s' * (files != 1)}"


@command("check")
def cmd_check(args: argparse.Namespace) -> int:
    result = check(args.root)
    _report(result.problems)
    failed = bool(result.errors) or (args.strict and bool(result.warnings))
    notes = len(result.content.notes)
    if result.problems:
        print(_summary(result.problems) + (" (--strict: warnings are fatal)" if args.strict and result.warnings else ""),
              file=sys.stderr)
    if not failed:
        print(f"ok: {notes} notes, {len(result.content.drafts)} drafts, {len(result.content.terms)} registry entries, "
              f"{len(result.content.pages)} pages")
    return 1 if failed else 0


@command("build")
def cmd_build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    project, index, warnings, (written, removed) = build(args.root, strict=args.strict)
    _report(warnings)
    print(f"built {len(index.notes)} notes into {project.docs_dir.relative_to(project.root) if project.docs_dir.is_relative_to(project.root) else project.docs_dir}"
          f" ({written} written, {removed} removed) in {time.perf_counter() - started:.2f}s")
    return 0


@command("site")
def cmd_site(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    project, index, warnings = publish(args.root, strict=args.strict, progress=lambda m: print(f"… {m}", flush=True))
    _report(warnings)
    index_html = project.site_dir / "index.html"
    print(f"site ready in {time.perf_counter() - started:.1f}s: {project.site_dir}/ ({len(index.notes)} notes)")
    print(f"  open file://{index_html} for a quick look, or run 'make serve' and visit http://127.0.0.1:8000/")
    return 0


@command("serve")
def cmd_serve(args: argparse.Namespace) -> int:
    build(args.root)
    env = {**os.environ, "BRIEF_SERVE": "1", "BRIEF_ROOT": str(args.root), "NO_MKDOCS_2_WARNING": "1"}
    # --dirty: MkDocs re-renders only pages whose generated file changed; brief rewrites only those.
    command_line = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", str(args.root / "mkdocs.yml"), "-a", args.addr]
    return subprocess.call(command_line, cwd=args.root, env=env)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="brief", description="Build the intelligence brief from curated notes.")
    top.add_argument("--version", action="version", version=f"brief {__version__}")
    top.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: the current one)")
    top.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("check", help="validate all content; every problem as path:line: field: message")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p = sub.add_parser("build", help="check, then write the generated Markdown into docs_dir")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p = sub.add_parser("site", help="check, build, feeds, PDF and mkdocs build --strict, swapped in only on success")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p = sub.add_parser("serve", help="serve the site locally, rebuilding when content or templates change")
    p.add_argument("-a", "--addr", default="127.0.0.1:8000", help="address to serve on (default 127.0.0.1:8000)")
    for extend in EXTENSIONS:
        extend(sub)
    return top


# Subcommands added by other modules (pdf, ingest): functions that take the subparsers.
EXTENSIONS: list[Callable[[argparse._SubParsersAction], None]] = []


def main(argv: list[str] | None = None) -> int:
    from . import commands  # noqa: F401  (registers pdf, ingest … into EXTENSIONS/COMMANDS)
    args = parser().parse_args(argv)
    args.root = args.root.resolve()
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    try:
        return COMMANDS[args.command](args)
    except BriefError as exc:
        _report(exc.problems)
        print(f"brief {args.command}: failed; " + _summary(exc.problems), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    # `python -m builder.cli` runs this file as __main__, but extensions register with the
    # imported `builder.cli`: run that module's main so its subcommands are known.
    from builder.cli import main as registered_main
    sys.exit(registered_main())
