"""The static-site generator behind the brief: MkDocs with Material, run in one place.

brief hands MkDocs a configuration it generates (`mkdocs.gen.yml`) that inherits the
project's mkdocs.yml and adds what brief knows: the generated docs folder, the navigation,
the theme overrides and every default setting the project leaves out. No hook is needed to
build, so another generator that reads mkdocs.yml (Zensical) can build the same folder (the one
hook of every build, mkdocs_html, makes MkDocs faster on brief's HTML without changing it).
Everything that starts MkDocs lives here (the strict build, `serve`, the offline copy), so
swapping the generator is a change to this module alone.
"""
from __future__ import annotations

import calendar
import ctypes
import errno
import os
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

from . import defaults, search
from .config import CONFIG, Project, _ConfigLoader
from .index import Index
from .problems import BriefError, Problem

GENERATED = "mkdocs.gen.yml"  # written beside the docs folder it builds
SERVE_CONFIG = "mkdocs.serve.yml"  # the same, plus the hook that regenerates the docs on every change
HOOK = Path(__file__).with_name("mkdocs_hooks.py")
HTML_HOOK = Path(__file__).with_name("mkdocs_html.py")  # every build: brief's HTML past Markdown untouched
PR_SET_PDEATHSIG = 1  # linux/prctl.h
# Features that need fetch() or a server; browsers refuse them on file://.
ONLINE_ONLY = ("navigation.instant", "navigation.instant.prefetch", "navigation.instant.progress")
# Pagefind needs fetch() and WebAssembly from the server: the offline copy searches with Material's
# plugin (lunr, its index inlined as a script), splitting words as brief's names need.
OFFLINE_SEARCH = {"search": {"separator": r'[\s\-,:!=\[\]()"/]+|(?!\b)(?=[A-Z][a-z])|\.(?!\d)|&[lg]t;'}}


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
def _read(path: Path) -> dict:
    """A YAML configuration's plain values (Python tags read as None: only keys and plain values matter here)."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except (OSError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def _missing(defaults_: dict, given: dict) -> dict:
    """The defaults the project does not set, mappings compared key by key (lists and values whole)."""
    out = {}
    for key, value in defaults_.items():
        if key not in given:
            out[key] = value
        elif isinstance(value, dict) and isinstance(given[key], dict):
            if nested := _missing(value, given[key]):
                out[key] = nested
    return out


def _theme(parent: dict) -> dict:
    """The theme as the project sets it, as a mapping ('theme: material' is a name)."""
    theme = parent.get("theme")
    return {"name": theme} if isinstance(theme, str) else theme if isinstance(theme, dict) else {}


def _overrides(project: Project, theme: dict, folder: Path) -> Path:
    """Material's one custom_dir: brief's overrides, with the project's own laid over them file by file."""
    own = project.root / theme["custom_dir"] if theme.get("custom_dir") else project.templates / "overrides"
    packaged = defaults.TEMPLATES / "overrides"
    if not own.is_dir():
        return packaged
    merged = folder / "overrides"
    shutil.rmtree(merged, ignore_errors=True)
    shutil.copytree(packaged, merged)
    shutil.copytree(own, merged, dirs_exist_ok=True)
    return merged


def site_config(project: Project, folder: Path, docs: Path, nav: list, *, serve: bool = False,
                offline: list[str] | None = None) -> dict:
    """The configuration MkDocs reads: the project's mkdocs.yml (inherited) and what brief adds.

    `offline` (the polyfill scripts) makes the file:// copy: no directory URLs, the offline plugin.
    """
    parent = _read(project.root / CONFIG)
    theme = _theme(parent)
    config: dict = {
        "INHERIT": os.path.relpath(project.root / CONFIG, folder),
        "docs_dir": os.path.relpath(docs, folder),  # relative: Zensical refuses an absolute docs_dir
        "nav": nav,
        **_missing(_read(defaults.MKDOCS), {**parent, "theme": theme}),
    }
    config["theme"] = {**config.get("theme", {}), "custom_dir": str(_overrides(project, theme, folder))}
    # The handling marking as brief read it (its default included), for the theme override's banner and footer.
    config["extra"] = {**config.get("extra", {}), "brief": {"marking": project.site.marking}}
    if isinstance(parent.get("theme"), str):
        config["theme"]["name"] = parent["theme"]  # a mapping replaces a name: keep it
    config["hooks"] = ([str(project.root / hook) for hook in parent.get("hooks") or []] + [str(HTML_HOOK)]
                       + ([str(HOOK)] if serve else []))
    watch = [project.root / path for path in parent.get("watch") or []]
    config["watch"] = [str(p) for p in [*watch, project.content, project.templates] if p.exists()] if serve else []
    if offline is not None:
        effective = {**_read(defaults.MKDOCS), **parent}
        features = {**_read(defaults.MKDOCS).get("theme", {}), **theme}.get("features") or []
        plugins = [p for p in effective.get("plugins") or []
                   if p != "offline" and not (isinstance(p, dict) and "offline" in p)]
        if search.uses_pagefind(plugins):
            plugins.insert(0, OFFLINE_SEARCH)
        config.update(use_directory_urls=False, plugins=[*plugins, "offline"],
                      # polyfills: the offline plugin then adds no CDN script; brief.offline: no feed links
                      extra={**config["extra"], "polyfills": offline, "brief": {**config["extra"]["brief"], "offline": True}})
        config["theme"]["features"] = [f for f in features if f not in ONLINE_ONLY]
    return config


def write_config(project: Project, folder: Path, docs: Path, nav: list, *, name: str = GENERATED,
                 serve: bool = False, offline: list[str] | None = None) -> Path:
    """Write the generated configuration (and merged theme overrides) into `folder`; its path."""
    folder.mkdir(parents=True, exist_ok=True)
    config = site_config(project, folder, docs, nav, serve=serve, offline=offline)
    path = folder / name
    header = f"# Generated by brief from {CONFIG}; do not edit (every build writes it again).\n"
    path.write_text(header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _environment(**extra: str) -> dict[str, str]:
    """MkDocs' environment: no Material end-of-life banner, and no colour unless a terminal shows it."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **extra}
    if not sys.stderr.isatty():
        env["NO_COLOR"] = "1"
    return env


def build_site(project: Project, config: Path, site: Path, epoch: str) -> None:
    """A real `mkdocs build --strict` of a generated `config` into `site`; BriefError with its output on failure."""
    # Never --quiet: MkDocs 1.6 then drops its warning counter, and --strict exits 0 on a warning.
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)]
    done = subprocess.run(command, cwd=project.root, env=_environment(SOURCE_DATE_EPOCH=epoch),
                          capture_output=True, text=True, preexec_fn=_die_with_parent())
    lines = (done.stdout + done.stderr).strip().splitlines()
    warned = [line for line in lines if line.startswith(("WARNING", "ERROR"))]
    if done.returncode != 0 or warned:
        shown = warned[:20] + [line for line in lines[-10:] if line not in warned and not line.startswith("INFO")]
        raise BriefError([Problem(CONFIG, 0, "mkdocs", "mkdocs build --strict failed; the previous site is kept:\n  "
                                  + "\n  ".join(shown or lines[-20:]))])


def uses_pagefind(project: Project) -> bool:
    """Whether the project's site searches with Pagefind (no Material search plugin in its settings)."""
    parent = _read(project.root / CONFIG)
    return search.uses_pagefind(parent["plugins"] if "plugins" in parent else _read(defaults.MKDOCS).get("plugins"))


def check_address(address: str) -> tuple[str, int]:
    """HOST:PORT that `brief serve` can listen on; BriefError in one line when it cannot."""
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise BriefError(f"-a {address}: expected HOST:PORT, e.g. 127.0.0.1:8000")
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will: TIME_WAIT is no obstacle
        try:
            probe.bind((host.strip("[]"), int(port)))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise BriefError(f"{address} is already in use (another 'brief serve'?); stop it, or serve "
                                 f"elsewhere with -a {host}:{int(port) + 1}") from None
            raise BriefError(f"cannot listen on {address}: {exc.strerror}; try -a 127.0.0.1:8000") from None
    return host, int(port)


def serve(project: Project, nav: list, address: str) -> int:
    """`mkdocs serve` with live reload; the hook regenerates the docs (and the nav) on every change."""
    check_address(address)
    config = write_config(project, project.build_dir, project.docs_dir, nav, name=SERVE_CONFIG, serve=True)
    # --dirty: MkDocs re-renders only pages whose generated file changed; brief rewrites only those.
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", str(config), "-a", address]
    return subprocess.call(command, cwd=project.root, env=_environment(BRIEF_ROOT=str(project.root)),
                           preexec_fn=_die_with_parent())


def build_offline_site(project: Project, docs: Path, site: Path, epoch: str, nav: list, polyfills: list[str]) -> None:
    """The offline copy: the project's config with the offline plugin, built strictly into `site`."""
    build_site(project, write_config(project, docs.parent, docs, nav, offline=polyfills), site, epoch)
