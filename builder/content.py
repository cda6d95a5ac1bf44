"""The content folder read and checked: the one route by which every command gets content.

`check`, `build`, `site`, `pdf`, `offline`, `ingest`, `inbox` and `promote` all ask `check`;
nothing else reads content/ (stage 1, `load`) or validates it (stage 2, `validate`).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import cache
from .bodies import check_bodies
from .config import Project, load_project
from .load import Raw, load
from .model import KINDS, Content
from .problems import DRAFT, Problem, Problems, errors, warnings
from .registry import Registry
from .validate import validate


@dataclass(frozen=True)
class Checked:
    """The project, its content as read (`raw`) and as checked (`content`), and every problem."""

    project: Project
    raw: Raw
    content: Content
    problems: list[Problem]
    drafts: int = 0  # files in the inbox, readable or not
    drafts_to_fix: int = 0  # drafts with an error (a warning for drafts) to fix before 'brief promote'

    @property
    def errors(self) -> list[Problem]:
        return errors(self.problems)

    @property
    def warnings(self) -> list[Problem]:
        return warnings(self.problems)

    @property
    def registries(self) -> dict[str, Registry]:
        """Each kind's valid entries by every name: what ingest matches text against."""
        return {kind.name: Registry(kind.name, [t for t in self.content.terms if t.kind == kind.name]) for kind in KINDS}


def check(root: Path) -> Checked:
    """Load and validate everything under `root`; never raises for a user's mistake."""
    project, config_problems = load_project(root)
    cache.restore(project.build_dir)  # what the last build of this brief kept, in a new process
    problems = Problems(root)
    raw = load(project, problems)
    content = validate(raw, problems)
    check_bodies(raw, content, problems)
    inbox = problems.rel(project.inbox_dir) + "/"
    to_fix = {p.path for p in problems.items if p.path.startswith(inbox) and p.message.endswith(DRAFT)}
    drafts = {problems.rel(d.path) for d in raw.drafts} | to_fix
    return Checked(project, raw, content, sorted(config_problems + problems.items, key=lambda p: p.sort_key),
                   len(drafts), len(to_fix))
