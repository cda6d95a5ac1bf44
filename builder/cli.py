"""The `brief` command: a thin layer that turns BriefError into messages and exit codes.

Every subcommand is listed in COMMANDS below; each module that offers one declares it as
a `Command` and imports nothing from here.
"""
from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from . import __version__, generator
from .build import build, publish
from .content import check
from .console import Command, progress, quiet, report, report_json, strict_option, summary
from .ingest.cli import INBOX, INGEST, PROMOTE
from .model import count_terms, counted
from .offline import FOLDER, build_offline
from .pdf.cli import PDF
from .problems import BriefError
from .release import release
from .scaffold import new_brief
from .render import navigation


def _check_arguments(p: argparse.ArgumentParser) -> None:
    strict_option(p)
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="text: path:line: field: message on stderr; json: one JSON object per problem on stdout "
                        "(path, line, field, severity, message)")


def run_check(args: argparse.Namespace) -> int:
    result = check(args.root)
    as_json = args.format == "json"
    (report_json if as_json else report)(result.problems)
    failed = bool(result.errors) or (args.strict and bool(result.warnings))
    notes = len(result.content.notes)
    if result.problems:
        print(summary(result.problems) + (" (--strict: warnings are fatal)" if args.strict and result.warnings else ""),
              file=sys.stderr)
    if not failed:
        to_fix = f" ({result.drafts_to_fix} need{'s' * (result.drafts_to_fix == 1)} work before 'brief promote')" \
            if result.drafts_to_fix else ""
        print(f"ok: {counted(notes, 'note')}, {counted(len(result.content.judgements), 'key judgement')}, "
              f"{counted(result.drafts, 'draft')}{to_fix}, "
              f"{count_terms(result.content.terms)}, {counted(len(result.content.pages), 'page')}",
              file=sys.stderr if as_json else sys.stdout)
    return 1 if failed else 0


def run_build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    project, index, warnings, (written, removed) = build(args.root, strict=args.strict, keep=True)
    report([*warnings, *project.publish_warnings])
    docs = project.docs_dir.relative_to(project.root) if project.docs_dir.is_relative_to(project.root) else project.docs_dir
    print(f"built {counted(len(index.notes), 'note')} into {docs} ({written} written, {removed} removed) "
          f"in {time.perf_counter() - started:.2f}s")
    return 0


def run_site(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    project, index, warnings = publish(args.root, strict=args.strict, progress=progress, keep=True)
    report([*warnings, *project.publish_warnings])
    index_html = project.site_dir / "index.html"
    notes = len(index.notes)
    print(f"site ready in {time.perf_counter() - started:.1f}s: {project.site_dir}/ ({counted(notes, 'note')})")
    print(f"  open file://{index_html} for a quick look, or run 'brief serve' and visit http://127.0.0.1:8000/")
    return 0


def _serve_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("-a", "--addr", default="127.0.0.1:8000", help="address to serve on (default 127.0.0.1:8000)")


def run_serve(args: argparse.Namespace) -> int:
    generator.check_address(args.addr)  # before building: a busy port is a one-line message
    project, index, warnings, _counts = build(args.root)
    report(warnings)
    return generator.serve(project, navigation(index), args.addr)


def _offline_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", type=Path, default=Path("brief-offline.zip"),
                   help="zip file to write (default: brief-offline.zip)")
    strict_option(p)


def run_offline(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    output = args.output if args.output.is_absolute() else Path.cwd() / args.output
    project, index, warnings, size = build_offline(args.root, output, strict=args.strict, progress=progress)
    report([*warnings, *project.publish_warnings])
    print(f"offline copy ready in {time.perf_counter() - started:.1f}s: {output} ({size / 1e6:.1f} MB, "
          f"{counted(len(index.notes), 'note')}); unzip it and open {FOLDER}/index.html")
    return 0


def _new_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("folder", type=Path, metavar="DIR", help="the new brief's folder (new, or empty)")
    p.add_argument("--title", required=True, help="the brief's title (mkdocs.yml's site_name)")


def run_new(args: argparse.Namespace) -> int:
    folder = args.folder if args.folder.is_absolute() else Path.cwd() / args.folder
    written = new_brief(folder, args.title)
    print(f"created {folder}/ with {len(written)} files: mkdocs.yml (set site_url there) and content/ "
          f"(one example note, a country, an actor and a source)")
    print(f"  next: cd {args.folder} && brief site")
    return 0


def _release_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--date", metavar="DATE", help="the edition's date, YYYY-MM-DD (default: today)")
    p.add_argument("--title", metavar="TEXT", help="the edition's title (default: 'Edition of <date>')")


def run_release(args: argparse.Namespace) -> int:
    path, edition, changes = release(args.root, args.date, args.title)
    since = changes.previous.date.display() if changes.previous else "the start"
    print(f"released {path.relative_to(args.root) if path.is_relative_to(args.root) else path}, “{edition.title}”: "
          f"{counted(len(edition.notes), 'note')} ({len(changes.added)} added, {len(changes.changed)} changed, "
          f"{len(changes.removed)} removed since {since}), {counted(len(edition.judgements), 'key judgement')}"
          f" ({len(changes.judgements)} new, changed or withdrawn)")
    return 0


COMMANDS: dict[str, Command] = {c.name: c for c in (
    Command("new", "start a new brief in a new folder: an example note, a registry and mkdocs.yml",
            _new_arguments, run_new),
    Command("check", "validate all content; every problem as path:line: field: message", _check_arguments, run_check),
    Command("build", "check, then write the generated Markdown into docs_dir", strict_option, run_build),
    Command("site", "check, build, feeds, PDF and mkdocs build --strict, swapped in only on success",
            strict_option, run_site),
    Command("serve", "serve the site locally, rebuilding when content or templates change", _serve_arguments, run_serve),
    PDF,
    Command("release", "record the checked content as an edition (content/editions/<date>.yml)",
            _release_arguments, run_release),
    Command("offline", "write the site as a zip that works from file:// with search (air-gapped copy)",
            _offline_arguments, run_offline),
    INGEST,
    INBOX,
    PROMOTE,
)}


def _common(suppress: bool) -> argparse.ArgumentParser:
    """Options every subcommand takes, before or after its name (`brief check -v --root DIR`)."""
    common = argparse.ArgumentParser(add_help=False)
    default = (lambda value: argparse.SUPPRESS) if suppress else (lambda value: value)
    common.add_argument("--root", type=Path, default=default(Path.cwd()), help="project folder (default: the current one)")
    common.add_argument("-v", "--verbose", action="store_true", default=default(False), help="log progress details")
    common.add_argument("-q", "--quiet", action="store_true", default=default(False),
                        help="print only results and problems, no progress")
    return common


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="brief", description="Build the intelligence brief from curated notes.",
                                  parents=[_common(suppress=False)])
    top.add_argument("--version", action="version", version=f"brief {__version__}")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS.values():
        p = sub.add_parser(command.name, help=command.help, description=command.description or None,
                           parents=[_common(suppress=True)])
        command.arguments(p)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    args.root = args.root.resolve()
    level = logging.INFO if args.verbose else logging.ERROR if args.quiet else logging.WARNING
    logging.basicConfig(level=level, format="%(message)s")
    quiet(args.quiet)
    try:
        return COMMANDS[args.command].run(args)
    except BriefError as exc:
        if exc.about_the_command:
            print(f"brief {args.command}: {exc.problems[0].message}", file=sys.stderr)
            return 1
        report(exc.problems)
        print(f"brief {args.command}: failed; " + summary(exc.problems), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
