"""Stage 4: every output file as text, from the index and the jinja2 templates.

Nothing here touches the disk except reading templates; the result maps docs paths to
contents, so the writer can compare, stage and swap it whole.
"""
from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import charts, defaults, markdown, paths
from .config import Project
from .index import Index
from .model import KINDS, Note, Term, kind_of
from .sanitize import display_title, safe_url

FULL_ENTRIES = 25  # an entity page shows its latest notes in full, earlier ones as one line each
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#|!~])")


def md_text(value: object) -> Markup:
    """User text for a Markdown line: HTML-escaped, Markdown punctuation backslashed."""
    return Markup(_MD_SPECIAL.sub(r"\\\1", html.escape(display_title(str(value)), quote=False)))


def yaml_text(value: object) -> Markup:
    """A YAML scalar for generated front matter (JSON strings are YAML).

    Quotes are escaped too: Material prints `description` unescaped inside content="…".
    """
    return Markup(json.dumps(html.escape(display_title(str(value)), quote=True), ensure_ascii=False))


def template_folders(project: Project) -> tuple[Path, ...]:
    """Where templates are looked up, first match wins: the brief's own templates/, then brief's defaults."""
    return (project.templates, defaults.TEMPLATES)


def template_files(project: Project, folder: str) -> dict[str, Path]:
    """Every file of a template folder ('assets') by name, the brief's own replacing the default of that name."""
    found: dict[str, Path] = {}
    for base in reversed(template_folders(project)):
        if (base / folder).is_dir():
            found.update((p.relative_to(base / folder).as_posix(), p) for p in (base / folder).rglob("*") if p.is_file())
    return dict(sorted(found.items()))


def template_path(project: Project, name: str) -> Path:
    """The file a template name ('pdf/brief.css') stands for in this brief."""
    return next((base / name for base in template_folders(project) if (base / name).is_file()), defaults.TEMPLATES / name)


def environment(project: Project) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(folder) for folder in template_folders(project)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(md=md_text, yaml=yaml_text, safe_url=safe_url, title=display_title)
    env.globals.update(FULL_ENTRIES=FULL_ENTRIES, KINDS=KINDS, kind_of=kind_of, paths=paths,
                       charts=charts)
    return env


class Renderer:
    """Renders pages with links relative to the page being written."""

    def __init__(self, project: Project, index: Index, *, directory_urls: bool | None = None) -> None:
        self.project = project
        self.index = index
        self.dir_urls = project.directory_urls if directory_urls is None else directory_urls
        self.env = environment(project)
        self._entries: dict[tuple[str, object], Markup] = {}

    def link(self, here: str) -> Callable[..., str]:
        def to(target: str, fragment: str = "") -> str:
            return paths.relative(here, target, self.dir_urls, fragment)
        return to

    def entry(self, note: Note, here: str, compact: bool = False) -> Markup:
        """A timeline entry; rendered once per page depth and shared (large briefs stay fast)."""
        key = (note.slug, here if here == paths.timeline() else paths.depth(here, self.dir_urls), compact)
        if key not in self._entries:
            template = self.env.get_template("partials/entry-compact.html.j2" if compact else "partials/entry.html.j2")
            self._entries[key] = Markup(template.render(note=note, here=here, url=self.link(here), r=self,
                                                        paths=paths, site=self.project.site))
        return self._entries[key]

    def note_html(self, note: Note, here: str) -> Markup:
        """The note's body as sanitized HTML, its entities linked from `here`."""
        to = self.link(here)
        return Markup(_no_blank_lines(note_body(note, lambda term: to(paths.term(term)), self.index.vocabulary)))

    def profile_html(self, term: Term) -> Markup:
        return Markup(_no_blank_lines(markdown.render(term.profile)))

    def page(self, template: str, here: str, **context: object) -> str:
        return self.env.get_template(template).render(
            here=here, url=self.link(here), site=self.project.site, index=self.index, r=self, **context)


def note_body(note: Note, href: Callable[[Term], str], vocabulary: tuple[str, ...] = ()) -> Markup:
    """A note's sanitized HTML, the first mention of each entity it lists linked to `href(term)`.

    Site and PDF alike; `vocabulary` (every registered name) lets all notes share one compiled pattern.
    """
    links = [(name, href(term)) for term in note.named_terms for name in term.names]
    return Markup(markdown.render(note.body, links, vocabulary))


def _no_blank_lines(fragment: str) -> str:
    """Raw HTML blocks in Markdown end at a blank line; keep ours in one piece."""
    return re.sub(r"\n\s*\n", "\n&#10;", fragment.strip())


# A note's page depends only on the note, its neighbours, the templates, the registry's names and the site:
# while `brief serve` runs, an edit re-renders the one note that changed.
_NOTE_PAGES: dict[tuple, str] = {}


def _templates_stamp(project: Project) -> tuple:
    return tuple((p.as_posix(), p.stat().st_mtime_ns)
                 for folder in template_folders(project) if folder.is_dir()
                 for p in sorted(folder.rglob("*")) if p.is_file())


def render_site(project: Project, index: Index, *, directory_urls: bool | None = None) -> dict[str, str]:
    """Docs path -> Markdown (or asset) text for the whole site."""
    r = Renderer(project, index, directory_urls=directory_urls)
    out: dict[str, str] = {
        paths.home(): r.page("pages/home.md.j2", paths.home()),
        paths.timeline(): r.page("pages/timeline.md.j2", paths.timeline()),
    }
    stamp = (_templates_stamp(project), r.dir_urls, index.vocabulary, project.site)
    for note in index.notes:
        earlier, later = index.neighbours(note)  # its links to them show their titles
        key = (note, earlier, later, stamp)
        if key not in _NOTE_PAGES:
            _NOTE_PAGES[key] = r.page("pages/note.md.j2", paths.note(note), note=note, earlier=earlier, later=later)
        out[paths.note(note)] = _NOTE_PAGES[key]
    if len(_NOTE_PAGES) > 4 * len(index.notes) + 100:
        _NOTE_PAGES.clear()
    for kind in KINDS:
        out[paths.kind_index(kind.name)] = r.page("pages/terms.md.j2", paths.kind_index(kind.name), kind=kind)
    for term in index.terms:
        out[paths.term(term)] = r.page("pages/term.md.j2", paths.term(term), term=term)
    for item in index.pages:
        out[paths.page(item.slug)] = r.page("pages/page.md.j2", paths.page(item.slug), page=item,
                                            body=Markup(_no_blank_lines(markdown.render(item.body))))
    for name, asset in template_files(project, "assets").items():
        out[f"assets/{name}"] = asset.read_text(encoding="utf-8")
    return out


def navigation(index: Index) -> list:
    """A small nav: index pages only, so it does not grow with the notes (MkDocs puts it in every page)."""
    nav: list = [{"Home": paths.home()}, {"Timeline": paths.timeline()}]
    nav += [{kind.title: paths.kind_index(kind.name)} for kind in KINDS]
    if index.pages:
        nav.append({"About": [{display_title(p.title): paths.page(p.slug)} for p in index.pages]})
    return nav
