"""The static-site generator behind the brief: MkDocs with Material, run in one place.

Everything that starts MkDocs lives here (the strict build, `serve`, the offline copy's
configuration), so swapping the generator is a change to this module alone.
"""
from __future__ import annotations

import calendar
import ctypes
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

from .config import CONFIG, Project, _ConfigLoader
from .index import Index
from .problems import BriefError, Problem

PR_SET_PDEATHSIG = 1  # linux/prctl.h
# Features that need fetch() or a server; browsers refuse them on file://.
ONLINE_ONLY = ("navigation.instant", "navigation.instant.prefetch", "navigation.instant.progress")


def source_date_epoch(index: Index) -> str:
    """Timestamps in the site (sitemap) come from the content, never from the clock."""
    if not index.cutoff:
        return "0"
    day = index.cutoff.last_day()
    return str(calendar.timegm(day.timetuple()))


def _die_with_parent() -> Callable[[], None] | None:
    """For subprocess' preexec_fn: on Linux the MkDocs child is killed when brief dies, even by SIGKILL,
    so a stopped build leaves no orphan still writing into its staging folder."""
    if not sys.platform.startswith("linux"):
        return None
    parent = os.getpid()
    prctl = ctypes.CDLL(None, use_errno=True).prctl

    def arm() -> None:  # runs in the child, between fork and exec
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the parent died before the line above: nobody would kill us
            os._exit(1)
    return arm


def _environment(**extra: str) -> dict[str, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **extra}
    if "BRIEF_SERVE" not in extra:
        env.pop("BRIEF_SERVE", None)
    return env


def build_site(project: Project, docs: Path, site: Path, epoch: str, config: Path | None = None) -> None:
    """A real `mkdocs build --strict` of `docs` into `site`; BriefError with its output on failure.

    `config` replaces the project's mkdocs.yml (the offline copy inherits from it).
    """
    env = _environment(BRIEF_DOCS_DIR=str(docs), SOURCE_DATE_EPOCH=epoch)
    # Never --quiet: MkDocs 1.6 then drops its warning counter, and --strict exits 0 on a warning.
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config or project.root / CONFIG), "-d", str(site)]
    done = subprocess.run(command, cwd=project.root, env=env, capture_output=True, text=True, preexec_fn=_die_with_parent())
    lines = (done.stdout + done.stderr).strip().splitlines()
    warned = [line for line in lines if line.startswith(("WARNING", "ERROR"))]
    if done.returncode != 0 or warned:
        shown = warned[:20] + [line for line in lines[-10:] if line not in warned and not line.startswith("INFO")]
        raise BriefError([Problem(CONFIG, 0, "mkdocs", "mkdocs build --strict failed; the previous site is kept:\n  "
                                  + "\n  ".join(shown or lines[-20:]))])


def serve(root: Path, address: str) -> int:
    """`mkdocs serve` with live reload; the hook regenerates the docs on every change."""
    env = _environment(BRIEF_SERVE="1", BRIEF_ROOT=str(root))
    # --dirty: MkDocs re-renders only pages whose generated file changed; brief rewrites only those.
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", str(root / CONFIG), "-a", address]
    return subprocess.call(command, cwd=root, env=env, preexec_fn=_die_with_parent())


def offline_config(project: Project, docs: Path, site: Path, polyfills: list[str]) -> dict:
    """An mkdocs.yml that inherits the project's and changes only what file:// needs."""
    parent = yaml.load((project.root / CONFIG).read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    theme = parent.get("theme") or {}
    plugins = [p for p in parent.get("plugins") or ["search"] if p != "offline" and not (isinstance(p, dict) and "offline" in p)]
    config: dict = {
        "INHERIT": str(project.root / CONFIG),
        "docs_dir": str(docs),
        "site_dir": str(site),
        "use_directory_urls": False,
        "plugins": [*plugins, "offline"],
        # polyfills: the offline plugin then adds no CDN script; brief.offline: no feed links
        "extra": {"polyfills": polyfills, "brief": {"offline": True}},
        "watch": [],
    }
    if isinstance(theme, dict):
        config["theme"] = {"features": [f for f in theme.get("features") or [] if f not in ONLINE_ONLY]}
        if theme.get("custom_dir"):
            config["theme"]["custom_dir"] = str(project.root / theme["custom_dir"])
    config["hooks"] = [str(project.root / hook) for hook in parent.get("hooks") or []]
    return config


def build_offline_site(project: Project, docs: Path, site: Path, epoch: str, polyfills: list[str]) -> None:
    """The offline copy: the project's config with the offline plugin, built strictly into `site`."""
    config = docs.parent / CONFIG
    config.write_text(yaml.safe_dump(offline_config(project, docs, site, polyfills), allow_unicode=True, sort_keys=False),
                      encoding="utf-8")
    build_site(project, docs, site, epoch, config=config)
