"""What every `brief` subcommand shares: its declaration and the way it prints.

Results go to stdout; problems, counts and progress go to stderr, so `brief … > file`
keeps only results (`brief check --format json` makes the problems its result: JSON Lines
on stdout). Nothing here prints colour.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass

from .model import counted
from .problems import Problem


@dataclass(frozen=True, slots=True)
class Command:
    """A subcommand: its name, one-line help, its options and the function that runs it."""

    name: str
    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    description: str = ""


def report(problems: list[Problem], *, stream=None) -> None:
    """Every problem on its own line, in the clickable `path:line: field: message` form."""
    for problem in problems:
        print(problem, file=stream or sys.stderr)


def report_json(problems: list[Problem]) -> None:
    """Every problem as one JSON object per line on stdout (JSON Lines), for editors and CI."""
    for problem in problems:
        print(json.dumps(problem.as_dict(), ensure_ascii=False))


def summary(problems: list[Problem]) -> str:
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    files = len({p.path for p in problems})
    return f"{counted(errors, 'error')}, {counted(warnings, 'warning')} in {counted(files, 'file')}"


_QUIET = [False]  # set once by the command line's -q


def quiet(value: bool) -> None:
    _QUIET[0] = value


def progress(message: str) -> None:
    """A progress line on stderr, flushed at once (long steps say what they are doing); none with -q."""
    if not _QUIET[0]:
        print(f"… {message}", file=sys.stderr, flush=True)


def strict_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
