"""The site's configuration, read from mkdocs.yml (site_name, site_url, extra.brief).

Only plain values are read here; Material's `!!python/name:` tags and `!ENV` are
tolerated, so the content model never depends on MkDocs itself.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from .model import Kind, SiteConfig
from .problems import Problem
from .sanitize import is_web_address

CONFIG = "mkdocs.yml"
DEFAULT_DOCS = "build/docs"


class _ConfigLoader(yaml.SafeLoader):
    """Safe loader that reads `!ENV [NAME, default]` and ignores Python tags."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    values = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
    for name in values[:-1] if len(values) > 1 else values:
        if isinstance(name, str) and name in os.environ:
            return os.environ[name]
    return values[-1] if len(values) > 1 else None


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


@dataclass(frozen=True, slots=True)
class Project:
    """Where things are: the content, templates, generated docs and the site."""

    root: Path
    site: SiteConfig
    docs_dir: Path
    site_dir: Path
    directory_urls: bool = True

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def notes_dir(self) -> Path:
        return self.content / "notes"

    @property
    def inbox_dir(self) -> Path:
        """Drafts made by `brief ingest`; never published."""
        return self.content / "inbox"

    @property
    def pages_dir(self) -> Path:
        return self.content / "pages"

    @property
    def judgements_dir(self) -> Path:
        """Key judgements, one file each."""
        return self.content / "judgements"

    @property
    def editions_dir(self) -> Path:
        """The editions released so far, one YAML file each (written by `brief release`)."""
        return self.content / "editions"

    def registry_dir(self, kind: Kind) -> Path:
        return self.content / kind.folder

    @property
    def templates(self) -> Path:
        """The brief's own templates, each replacing brief's default of the same path."""
        return self.root / "templates"

    @property
    def build_dir(self) -> Path:
        """What brief generates besides the docs: the MkDocs configuration, staging folders."""
        return self.root / "build"

    def rel(self, path: Path) -> str:
        """`path` as messages show it: relative to the project when inside it."""
        return path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else path.as_posix()


def _line(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return number
    return 1


def load_project(root: Path) -> tuple[Project, list[Problem]]:
    """The project at `root`; problems name mkdocs.yml's line and the fix."""
    path = root / CONFIG
    problems: list[Problem] = []
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.load(text, Loader=_ConfigLoader) or {}
    except FileNotFoundError:
        text, data = "", {}
        problems.append(Problem(CONFIG, 0, "", f"no {CONFIG} in {root}; run brief from the project folder or pass --root"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        text, data = "", {}
        mark = getattr(exc, "problem_mark", None)
        problems.append(Problem(CONFIG, mark.line + 1 if mark else 1, "", f"cannot read the configuration: {exc}"))
    if not isinstance(data, dict):
        data = {}
    extra = (data.get("extra") or {}).get("brief") or {}
    site_url = str(data.get("site_url") or "")
    if not site_url:
        problems.append(Problem(CONFIG, _line(text, "site_url") if text else 0, "site_url",
                                "missing; feeds need the site's absolute address, e.g. 'site_url: https://brief.example.org/'"))
    elif not is_web_address(site_url):
        problems.append(Problem(CONFIG, _line(text, "site_url"), "site_url",
                                f"'{site_url}' is not an absolute http(s) address; write e.g. 'https://brief.example.org/'"))
    feed_items = extra.get("feed_items", 50)
    if not isinstance(feed_items, int) or isinstance(feed_items, bool) or feed_items < 1:
        problems.append(Problem(CONFIG, _line(text, "extra"), "extra.brief.feed_items",
                                f"expected a whole number of at least 1, received '{feed_items}'"))
        feed_items = 50
    site = SiteConfig(
        title=str(data.get("site_name") or "Brief"),
        description=str(data.get("site_description") or ""),
        url=site_url.rstrip("/") + "/" if site_url and not problems else site_url,
        marking=str(extra.get("marking", "INTERNAL")),
        feed_items=feed_items,
        author=str(data.get("site_author") or ""),
        language=str((data.get("theme") or {}).get("language") or "en") if isinstance(data.get("theme"), dict) else "en",
    )
    docs = Path(str(data.get("docs_dir") or DEFAULT_DOCS))
    site_dir = Path(str(data.get("site_dir") or "site"))
    project = Project(root, site, docs if docs.is_absolute() else root / docs,
                      site_dir if site_dir.is_absolute() else root / site_dir,
                      bool(data.get("use_directory_urls", True)))
    return project, problems
