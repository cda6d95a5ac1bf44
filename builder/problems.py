"""Problems found in content, reported as `path:line: field: message`."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ERROR = "error"
WARNING = "warning"
COMMAND = "brief"  # the path of a problem with the command itself, not with a file
DRAFT = " (draft: fix before 'brief promote')"  # a draft's error is a warning: drafts never stop the site


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one file, with where it is and how to fix it."""

    path: str
    line: int
    field: str
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        field = f" {self.field}:" if self.field else ""
        tag = "" if self.severity == ERROR else " (warning)"
        return f"{where}:{field}{tag} {self.message}"

    @property
    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.path, self.line, self.field, self.message)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def as_dict(self) -> dict[str, object]:
        """The problem for machines (`brief check --format json`): path, line, field, severity, message."""
        return {"path": self.path, "line": self.line, "field": self.field, "severity": self.severity,
                "message": self.message}


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]


def warnings(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if not p.is_error]


class BriefError(Exception):
    """A user's mistake: the CLI prints the problems and exits 1, no traceback."""

    def __init__(self, problems: list[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(COMMAND, 0, "", problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = sorted(problems, key=lambda p: p.sort_key)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def about_the_command(self) -> bool:
        """One problem with the command itself (a busy port, a name not found): one line says it."""
        return len(self.problems) == 1 and self.problems[0].path == COMMAND


class Problems:
    """Collects problems while content is read, so all are reported at once."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root
        self.items: list[Problem] = []

    def rel(self, path: Path | str) -> str:
        if self.root is not None and isinstance(path, Path):  # the common case, without pathlib's parsing
            text, root = str(path), str(self.root)
            if text.startswith(root) and text[len(root):len(root) + 1] == os.sep:
                return text[len(root) + 1:].replace(os.sep, "/")
        path = Path(path)
        if self.root is not None:
            try:
                return path.relative_to(self.root).as_posix()
            except ValueError:
                pass
        return path.as_posix()

    def error(self, path: Path | str, line: int, field: str, message: str) -> None:
        self.items.append(Problem(self.rel(path), line, field, message, ERROR))

    def warn(self, path: Path | str, line: int, field: str, message: str) -> None:
        self.items.append(Problem(self.rel(path), line, field, message, WARNING))

    @property
    def errors(self) -> list[Problem]:
        return errors(self.items)

    @property
    def warnings(self) -> list[Problem]:
        return warnings(self.items)

    def sorted(self) -> list[Problem]:
        return sorted(self.items, key=lambda p: p.sort_key)
