"""Stage 4: every output file as text, from the index and the jinja2 templates.

Nothing here touches the disk except reading templates; the result maps docs paths to
contents, so the writer can compare, stage and swap it whole.
"""
from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import charts, defaults, estimative, grades, markdown, paths
from .config import Project
from .index import Index, TimelinePage
from .memo import Memo, Token
from .model import KINDS, Judgement, Note, Term, kind_of
from .sanitize import display_title, safe_url
from .write import Output

FULL_ENTRIES = 25  # an entity page shows its latest notes in full, earlier ones as one line each
TERM_NOTES = 1000  # … up to this many: a page stays under 1 MB however many notes name the entity
TIMELINE_FULL = 150  # a year of the timeline shows its latest notes in full, earlier ones as one line each
SINCE_ENTRIES = 8  # the home page's "New since" lists this many added and changed notes, then links on
EDITION_ENTRIES = 200  # an edition's page lists this many added (and changed) notes; events.csv has them all
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
    env.globals.update(FULL_ENTRIES=FULL_ENTRIES, TERM_NOTES=TERM_NOTES, TIMELINE_FULL=TIMELINE_FULL,
                       SINCE_ENTRIES=SINCE_ENTRIES, EDITION_ENTRIES=EDITION_ENTRIES, KINDS=KINDS, kind_of=kind_of,
                       paths=paths, charts=charts, grades=grades, estimative=estimative)
    return env


_ENTRIES = Memo()  # timeline entries, by note, page (or depth) and form
_BODIES = Memo()  # notes' bodies as HTML with a placeholder for each entity link
_ENVIRONMENTS = Memo()  # jinja2 environments, by template folders and the templates' bytes
_TARGETS = Memo()  # the pages each note's entries link to


class Renderer:
    """Renders pages with links relative to the page being written."""

    def __init__(self, project: Project, index: Index, *, directory_urls: bool | None = None) -> None:
        self.project = project
        self.index = index
        self.dir_urls = project.directory_urls if directory_urls is None else directory_urls
        templates = Token.of("templates", tuple((name, path.read_bytes()) for folder in ("pages", "partials", "feeds")
                                                for name, path in template_files(project, folder).items()))
        # templates compile once while they stay the same (brief serve)
        self.env = _ENVIRONMENTS.get((template_folders(project), templates), functools.partial(environment, project))
        _ENVIRONMENTS.bound(4)
        self.stamp = stamp(project, index, self.dir_urls, templates)

    def link(self, here: str) -> Callable[..., str]:
        def to(target: str, fragment: str = "") -> str:
            return paths.relative(here, target, self.dir_urls, fragment)
        return to

    def entry(self, note: Note, here: str, compact: bool = False) -> Markup:
        """A timeline entry; rendered once per page depth and shared (large briefs stay fast).

        A shared entry is drawn as seen from a page of that depth that it never links to; on a page
        it does link to (its entity's), that link becomes the page's link to itself.
        """
        # its permalinks are "./#…" on the timeline, and an index page has no sibling of its depth: one per page
        own = here.startswith("timeline") or here.rsplit("/", 1)[-1] == "index.md"
        where = here if own else paths.depth(here, self.dir_urls)
        seen_from = here if own else here[:-3] + "~.md"  # beside `here`, and no page has that name

        def make() -> Markup:
            template = self.env.get_template("partials/entry-compact.html.j2" if compact else "partials/entry.html.j2")
            return Markup(template.render(note=note, here=seen_from, url=self.link(seen_from), r=self, paths=paths,
                                          site=self.project.site))
        permalink = self.index.timeline_page(note.date.year, note.date.month)
        text = _ENTRIES.get((note, where, compact, permalink, self.stamp, type(self)), make)
        if own or here not in _targets(note):
            return text
        other = re.escape(paths.relative(seen_from, here, self.dir_urls))
        return Markup(re.sub(f'href="{other}(?=["#])', f'href="{paths.relative(here, here, self.dir_urls)}', text))

    def note_html(self, note: Note, here: str) -> Markup:
        """The note's body as sanitized HTML, its entities linked from `here`."""
        to = self.link(here)
        return Markup(_no_blank_lines(note_body(note, lambda term: to(paths.term(term)), self.index.vocabulary)))

    def judgement_html(self, judgement: Judgement, here: str) -> Markup:
        """A judgement's reasoning as sanitized HTML, the entities of its notes linked from `here`."""
        to = self.link(here)
        terms = {t.key: t for note in judgement.supports for t in (*note.countries, *note.actors)}
        links = [(name, to(paths.term(t))) for t in terms.values() for name in t.names]
        return Markup(_no_blank_lines(markdown.render(judgement.body, links, self.index.vocabulary)))

    def profile_html(self, term: Term) -> Markup:
        return Markup(_no_blank_lines(markdown.render(term.profile)))

    def page(self, template: str, here: str, **context: object) -> str:
        return self.env.get_template(template).render(
            here=here, url=self.link(here), site=self.project.site, index=self.index, r=self, **context)


def _targets(note: Note) -> frozenset[str]:
    """The pages an entry of `note` links to, besides the timeline: the note and its entities."""
    return _TARGETS.get(note, lambda: _linked(note))


def _linked(note: Note) -> frozenset[str]:
    refs = [term for ref in note.sources for term in (getattr(ref, "relays", None),) if term is not None]
    return frozenset({paths.note(note), *(paths.term(t) for t in (*note.terms, *refs))})


_PLACEHOLDER = re.compile(r'href="brief-term-(\d+)"')


def note_body(note: Note, href: Callable[[Term], str], vocabulary: tuple[str, ...] = ()) -> Markup:
    """A note's sanitized HTML, the first mention of each entity it lists linked to `href(term)`.

    Site, feeds and PDF alike: the Markdown is rendered once per note (with a placeholder for each
    link) however many outputs show it; `vocabulary` (every registered name) lets all notes share
    one look-up of names.
    """
    terms = note.named_terms  # not its tags: themes are not words of the text
    links = tuple((name, f"brief-term-{i}") for i, term in enumerate(terms) for name in term.names)
    key = (note.body, links, Token.of("vocabulary", vocabulary))
    body = _BODIES.get(key, lambda: markdown.render(note.body, links, vocabulary))
    return Markup(_PLACEHOLDER.sub(lambda m: f'href="{html.escape(href(terms[int(m.group(1))]))}"', body))


def _no_blank_lines(fragment: str) -> str:
    """Raw HTML blocks in Markdown end at a blank line; keep ours in one piece."""
    return re.sub(r"\n\s*\n", "\n&#10;", fragment.strip())


def stamp(project: Project, index: Index, directory_urls: bool, templates: Token) -> Token:
    """What every page depends on besides its own content: templates, site, URLs, names, the current year.

    Pages are reused by a key of what their packaged templates read; a brief that overrides a page
    template may read anything, so there the whole content is part of every key.
    """
    overridden = any((project.templates / folder).is_dir() for folder in ("pages", "partials", "feeds"))
    everything = (index.notes, index.terms, index.pages) if overridden else None
    return Token.of("stamp", (templates, directory_urls, project.site, index.vocabulary,
                              index.cutoff.year if index.cutoff else None, everything))


def site_outputs(project: Project, index: Index, *, directory_urls: bool | None = None) -> Iterator[Output]:
    """Every page and asset of the site, each with the key that says when it must be made again."""
    r = Renderer(project, index, directory_urls=directory_urls)
    _ENTRIES.bound(6 * len(index.notes) + 100)  # each note: full and compact, at a few depths
    _BODIES.bound(2 * len(index.notes) + 100)
    _TARGETS.bound(2 * len(index.notes) + 100)
    yield paths.home(), None, lambda: r.page("pages/home.md.j2", paths.home())
    calendar = tuple(len(month.notes) for month in index.calendar())
    years = tuple(year for year, _ in index.years)
    layout = tuple((p.path, p.year, p.part, p.parts, tuple(m.anchor for m in p.months)) for p in index.timeline_pages)
    for page in index.timeline_pages:
        current = page.path == paths.timeline()
        key = (page, layout, r.stamp, (len(index.notes), index.start, calendar) if current else None)
        yield page.path, key, functools.partial(r.page, "pages/timeline.md.j2", page.path, page=page)
    if not index.timeline_pages:
        empty = TimelinePage(paths.timeline(), 0, 1, 1, ())
        yield paths.timeline(), None, functools.partial(r.page, "pages/timeline.md.j2", paths.timeline(), page=empty)
    for note in index.notes:
        earlier, later = index.neighbours(note)  # its links to them show their titles
        key = (note, earlier, later, index.judgements_of(note), index.see_also(note), r.stamp, bool(index.editions),
               index.history.publication(note), index.timeline_page(note.date.year, note.date.month))
        yield paths.note(note), key, functools.partial(
            r.page, "pages/note.md.j2", paths.note(note), note=note, earlier=earlier, later=later)
    for kind in KINDS:
        terms = tuple((t, index.notes_of(t)[:1], len(index.notes_of(t))) for t in index.kind(kind.name))
        yield paths.kind_index(kind.name), (kind, terms, r.stamp), functools.partial(
            r.page, "pages/terms.md.j2", paths.kind_index(kind.name), kind=kind)
    colours = tuple(charts.country_colours(index).items())  # the maps' colours: the same on every actor page
    for term in index.terms:
        key = (term, index.notes_of(term), index.related.get(term.key), years, r.stamp,
               (colours, charts.actor_map_inputs(index, term)) if term.kind == "actors" else None)
        yield paths.term(term), key, functools.partial(r.page, "pages/term.md.j2", paths.term(term), term=term)
    for name, page in render_judgements(r, index).items():  # a few pages, made every time
        yield name, None, functools.partial(_given, page)
    if index.editions:
        yield paths.editions(), None, functools.partial(r.page, "pages/editions.md.j2", paths.editions())
        for edition in index.editions:
            yield paths.edition(edition), None, functools.partial(r.page, "pages/edition.md.j2", paths.edition(edition),
                                                                  edition=edition)
    for item in index.pages:
        yield paths.page(item.slug), (item, r.stamp), functools.partial(
            r.page, "pages/page.md.j2", paths.page(item.slug), page=item,
            body=Markup(_no_blank_lines(markdown.render(item.body))))
    for name, asset in template_files(project, "assets").items():
        yield f"assets/{name}", None, functools.partial(asset.read_text, encoding="utf-8")


def _given(text: str) -> str:
    return text


def render_site(project: Project, index: Index, *, directory_urls: bool | None = None) -> dict[str, str]:
    """Docs path -> Markdown (or asset) text for the whole site."""
    return {name: make() for name, _key, make in site_outputs(project, index, directory_urls=directory_urls)}


def render_judgements(r: Renderer, index: Index) -> dict[str, str]:
    """The key judgements' index and pages, and the legend of grades and estimative words."""
    out = {paths.grades(): r.page("pages/grades.md.j2", paths.grades())}
    if index.judgements:
        out[paths.judgements()] = r.page("pages/judgements.md.j2", paths.judgements())
    for judgement in index.judgements:
        out[paths.judgement(judgement)] = r.page("pages/judgement.md.j2", paths.judgement(judgement), j=judgement)
    return out


LEGEND_TITLE = "Grades and estimative words"


def navigation(index: Index) -> list:
    """A small nav: index pages only, so it does not grow with the notes (MkDocs puts it in every page)."""
    nav: list = [{"Home": paths.home()}, {"Timeline": paths.timeline()}]
    if index.judgements:
        nav.append({"Key judgements": paths.judgements()})
    nav += [{kind.title: paths.kind_index(kind.name)} for kind in KINDS]
    if index.editions:
        nav.append({"Editions": paths.editions()})
    nav.append({"About": [*({display_title(p.title): paths.page(p.slug)} for p in index.pages), {LEGEND_TITLE: paths.grades()}]})
    return nav
