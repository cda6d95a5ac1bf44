"""Stage 2: documents checked against declared schemas become Notes, Terms and Pages.

Each field has a small parser that returns a clean value or raises FieldError with the
expected form; every problem is collected, none stops the others from being found.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from . import estimative, grades, paths
from .dates import PRECISIONS, DateError, PartialDate, parse_date
from .frontmatter import DIGEST_LENGTH, Document
from .load import Raw
from .markdown import first_paragraph_text
from .memo import Token
from .model import (AFFILIATIONS, KINDS, Content, Draft, Edition, Figure, Judgement, Kind, Note, Page, Recorded, SourceRef,
                    Term, kind_of, listed_kinds, newest_first)
from .problems import DRAFT, Problems
from .registry import Registry, normalize
from .sanitize import nested_quotes
from .sanitize import is_web_address
from .slugs import slug_problem, slugify

DIGEST = re.compile(rf"[0-9a-f]{{{DIGEST_LENGTH}}}")
MAX_TITLE = 200
MAX_LIST = 200
TERM_KEYS = ("name", "aliases", "kind", "affiliation", "role", "url", "reliability")
SOURCE_KEYS = ("name", "url", "published", "title", "via", "archived", "relays", "reliability")
FIGURE_KEYS = ("series", "period", "value", "unit", "covers")
DISPUTE_KEYS = ("claim", "by", "citation")
JUDGEMENT_KEYS = ("title", "likelihood", "confidence", "supports", "date", "order")
PAGE_KEYS = ("title", "order")
EDITION_KEYS = ("date", "title", "notes", "judgements")
RECORD_KEYS = ("title", "likelihood", "confidence", "hash")


class FieldError(ValueError):
    """A field's value is wrong; the message says what was expected."""


def _type_name(value: object) -> str:
    return {dict: "a mapping", list: "a list", str: "text", int: "a number", float: "a number",
            bool: "true/false", type(None): "nothing"}.get(type(value), type(value).__name__)


def text(value: object, *, one_line: bool = True, limit: int = 10_000) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise FieldError(f"expected text, received {_type_name(value)}")
    value = value.strip()
    if one_line and "\n" in value:
        raise FieldError("expected one line of text; join the lines or use a shorter text")
    if len(value) > limit:
        raise FieldError(f"is {len(value)} characters long; keep it under {limit + 1}")
    return value


def url(value: object) -> str:
    value = text(value)
    if not is_web_address(value):
        raise FieldError(f"expected an address starting with https:// or http://, received '{value[:80]}'")
    return value


def string_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise FieldError(f"expected a list such as [Iraq, Iran], received {_type_name(value)}")
    if len(value) > MAX_LIST:
        raise FieldError(f"has {len(value)} entries; the limit is {MAX_LIST}")
    return [text(item, limit=200) for item in value]


def published(value: object) -> PartialDate | None:
    if isinstance(value, str) and value.strip().lower() == "undated":
        return None
    try:
        return parse_date(value)
    except DateError as exc:
        raise FieldError(f"{exc}, or 'undated' when the article carries no date") from None


class _Checker:
    """Runs field parsers for one document and records problems at the key's line."""

    def __init__(self, doc: Document, problems: Problems) -> None:
        self.doc = doc
        self.problems = problems
        self.ok = True

    def error(self, keys: tuple, message: str) -> None:
        self.ok = False
        self.problems.error(self.doc.path, self.doc.line(*keys), _field_name(keys), message)

    def warn(self, keys: tuple, message: str) -> None:
        self.problems.warn(self.doc.path, self.doc.line(*keys), _field_name(keys), message)

    def field(self, mapping: dict, keys: tuple, parse: Callable, *, required: bool = False, default=None):
        name = keys[-1]
        if name not in mapping or mapping[name] is None or mapping[name] == "":
            if required:
                self.error(keys, f"missing; add a line '{name}: …'" if len(keys) == 1 else f"missing; add '{name}: …'")
            return default
        try:
            return parse(mapping[name])
        except FieldError as exc:
            self.error(keys, str(exc))
        except DateError as exc:
            self.error(keys, str(exc))
        return default

    def unknown_keys(self, mapping: dict, known: tuple[str, ...], prefix: tuple = ()) -> None:
        for key in mapping:
            if str(key) not in known:
                close = difflib.get_close_matches(str(key), known, n=1)
                hint = f" Did you mean '{close[0]}'?" if close else f" Known fields: {', '.join(known)}."
                self.warn(prefix + (key,), f"unknown field '{key}' is ignored.{hint}")


def _field_name(keys: tuple) -> str:
    out = ""
    for key in keys:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out


def _slug(doc: Document, checker: _Checker) -> str:
    problem = slug_problem(doc.path.stem)
    if problem:
        checker.error(("title",) if "title" in doc.meta else (), problem)
    return doc.path.stem


def note_keys() -> tuple[str, ...]:
    """The fields a note may have: one list field per listed kind, after its sources."""
    return ("title", "date", "date_precision", "sources", *(k.name for k in listed_kinds()),
            "summary", "figures", "disputed", "credibility", "see_also", "draft", "ingest")


def check_term(doc: Document, kind: Kind, problems: Problems) -> Term | None:
    """A registry entry, with its affiliation still a plain name (resolved later)."""
    c = _Checker(doc, problems)
    m = doc.meta
    slug = _slug(doc, c)
    name = c.field(m, ("name",), text, required=True)
    aliases = c.field(m, ("aliases",), string_list, default=[])
    category = c.field(m, ("kind",), text, default=kind.category)
    affiliation = c.field(m, ("affiliation",), text, default="")
    role = c.field(m, ("role",), text, default="")
    homepage = c.field(m, ("url",), url, default="")
    reliability = source_reliability(c, m, kind.name)
    c.unknown_keys(m, TERM_KEYS)
    if not c.ok or not name:
        return None
    return Term(kind.name, slug, name, tuple(dict.fromkeys(a for a in aliases if normalize(a) != normalize(name))),
                category, affiliation, role, homepage, doc.body.strip(), problems.rel(doc.path), reliability)


Entry = tuple[Term, Document]  # a checked registry entry and the document it came from, for messages


def _unique_names(entries: list[Entry], problems: Problems) -> list[Entry]:
    """Names and aliases must be unique within a kind: report both files."""
    owner: dict[str, Term] = {}
    kept = []
    for term, doc in sorted(entries, key=lambda e: e[0].path):
        clash = False
        for index, name in enumerate(term.names):
            other = owner.get(normalize(name))
            if other is not None and other is not term:
                keys = ("name",) if index == 0 else ("aliases", index - 1)
                problems.error(doc.path, doc.line(*keys), "name" if index == 0 else "aliases",
                               f"'{name}' is already a name of '{other.name}' in {other.path}; "
                               f"remove it from one of the two files")
                clash = True
            owner.setdefault(normalize(name), term)
        if not clash:
            kept.append((term, doc))
    return kept


def _affiliate(entry: Entry, affiliations: Registry, problems: Problems) -> Term:
    """The entry with its affiliation resolved to the registered name, or an error at its line."""
    term, doc = entry
    if not term.affiliation:
        return term
    found = affiliations.get(term.affiliation)
    if found is None:
        problems.error(doc.path, doc.line("affiliation"), "affiliation",
                       f"unknown {kind_of(affiliations.kind).singular} '{term.affiliation}'."
                       f"{affiliations.suggest(term.affiliation)}")
        return term
    return replace(term, affiliation=found.name)


def check_registry(raw: Raw, problems: Problems) -> dict[str, Registry]:
    """Every registry entry checked, its names unique within its kind, its affiliation resolved."""
    entries = {kind.name: _unique_names([(t, d) for d in raw.registry[kind.name] if (t := check_term(d, kind, problems))],
                                        problems)
               for kind in KINDS}
    affiliations = Registry(AFFILIATIONS, [term for term, _ in entries[AFFILIATIONS]])
    return {kind.name: Registry(kind.name, [_affiliate(e, affiliations, problems) if kind.affiliated else e[0]
                                            for e in entries[kind.name]])
            for kind in KINDS}


def derive_terms(docs: tuple[Document, ...], registries: dict[str, Registry], problems: Problems) -> dict[str, Registry]:
    """The registries with every name the notes list for a kind that needs no registration (tags).

    A new name becomes an entry with the name's slug; a name whose slug is another entry's is an
    error at its line naming the other, since both would need the same page.
    """
    out = dict(registries)
    for kind in (k for k in listed_kinds() if not k.registered):
        registry = registries[kind.name]
        owners = {t.slug: (t, f"{t.path}:1") for t in registry.terms}
        made: dict[str, tuple[str, str] | None] = {}  # each name as written: (name, slug), None when registered
        for doc in docs:
            names = doc.meta.get(kind.name)
            for index, raw in enumerate(names if isinstance(names, list) else [names] if isinstance(names, str) else []):
                if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
                    continue  # check_note reports a wrong value
                text = str(raw)
                if text not in made:  # 10,000 notes name a few dozen tags
                    made[text] = None if registry.get(text) else (normalize(text), slugify(text))
                if made[text] is None:
                    continue  # a registered name is found by check_note
                (name, slug), line = made[text], doc.line(kind.name, index)
                problem = _derived_problem(kind, name, slug, owners.get(slug))
                if problem:
                    problems.error(doc.path, line, f"{kind.name}[{index}]", problem)
                elif slug not in owners:
                    owners[slug] = (Term(kind.name, slug, name), f"{problems.rel(doc.path)}:{line}")
        out[kind.name] = Registry(kind.name, [term for term, _ in owners.values()])
    return out


def _derived_problem(kind: Kind, name: str, slug: str, owner: tuple[Term, str] | None) -> str:
    """Why `name` cannot make an entry of `kind` at `slug` ('' when it can, or already has)."""
    if not slug:
        return f"'{name}' has no letters or digits to make its page's address from; write the {kind.singular} with some"
    if slug == "index":
        return (f"'{name}' would take the address of the page that lists every {kind.singular} ({kind.folder}/); "
                f"write the {kind.singular} another way")
    if owner is not None and owner[0].name != name:
        return (f"'{name}' would have the same page ({kind.folder}/{slug}/) as '{owner[0].name}' ({owner[1]}); "
                f"write the {kind.singular} the same way in both, or register it in content/{kind.folder}/{slug}.md "
                f"with the other spelling among its aliases")
    return ""


def _names(c: _Checker, m: dict, kind: Kind, registry: Registry) -> tuple[Term, ...]:
    names = c.field(m, (kind.name,), string_list, default=[])
    found: dict[tuple[str, str], Term] = {}
    for index, name in enumerate(names):
        term = registry.get(name)
        if term is None:
            if kind.registered:  # an unregistered kind's new names are made (or refused) by derive_terms
                c.error((kind.name, index), f"unknown {kind.singular} '{name}'.{registry.suggest(name)}")
        elif term.key in found:
            c.warn((kind.name, index), f"'{name}' names '{term.name}' a second time; remove the repeat")
        else:
            found[term.key] = term
    return tuple(found.values())


def _source(c: _Checker, item: object, index: int, sources: Registry) -> SourceRef | None:
    keys = ("sources", index)
    if not isinstance(item, dict):
        c.error(keys, f"expected a mapping with name, url and published, received {_type_name(item)}")
        return None
    name = c.field(item, keys + ("name",), text, required=True)
    term = sources.get(name) if name else None
    if name and term is None:
        c.error(keys + ("name",), f"unknown source '{name}'.{sources.suggest(name)}")
    via_name = c.field(item, keys + ("via",), text, default="")
    via = sources.get(via_name) if via_name else None
    if via_name and via is None:
        c.error(keys + ("via",), f"unknown source '{via_name}'.{sources.suggest(via_name)}")
    relays = _relays(c, item, keys, sources, term)
    address = c.field(item, keys + ("url",), url, default="")
    archived = c.field(item, keys + ("archived",), text, default="")
    override = c.field(item, keys + ("reliability",), _reliability, default="")
    citation_warnings(c, keys, address, archived, item, (term, via))
    if "published" not in item:
        c.error(keys, "published: missing; add 'published: YYYY-MM-DD', or 'published: undated'")
    date = c.field(item, keys + ("published",), published, default=None)
    # every output prints an article's title between quotation marks: its own become single ones
    title = nested_quotes(c.field(item, keys + ("title",), text, default="") or "")
    if not address and not archived and name:
        c.error(keys, "url: missing; give the article's address, or 'archived: …' saying where the analysts' copy is kept")
    c.unknown_keys(item, SOURCE_KEYS, keys)
    if term is None:
        return None
    return SourceRef(term, address, date, title, via, archived, relays, override or term.reliability)


def _figures(c: _Checker, value: object) -> tuple[Figure, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        c.error(("figures",), f"expected a list of figures (series, period, value, unit), received {_type_name(value)}")
        return ()
    figures = []
    for index, item in enumerate(value):
        keys = ("figures", index)
        if not isinstance(item, dict):
            c.error(keys, f"expected a mapping with series, period, value and unit, received {_type_name(item)}")
            continue
        series = c.field(item, keys + ("series",), text, required=True)
        period = c.field(item, keys + ("period",), parse_date, required=True)
        number = c.field(item, keys + ("value",), _number, required=True)
        unit = c.field(item, keys + ("unit",), text, default="")
        covers = c.field(item, keys + ("covers",), text, default="")
        c.unknown_keys(item, FIGURE_KEYS, keys)
        if series and period and number is not None:
            figures.append(Figure(series, period, number, unit, covers))
    return tuple(figures)


def _number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FieldError(f"expected a number such as 35, received {_type_name(value)}")
    return value


def _precision(c: _Checker, m: dict, date: PartialDate | None) -> str:
    precision = c.field(m, ("date_precision",), text, default="")
    if not precision:
        return date.precision if date else "day"
    if precision not in PRECISIONS:
        c.error(("date_precision",), f"expected one of {', '.join(PRECISIONS)}, received '{precision}'")
        return "day"
    if date and precision == "day" and date.day is None:
        c.error(("date_precision",), f"'day' needs a full date, but date is {date.iso()}; give the day or use 'month'")
    if date and precision == "month" and date.day is not None:
        c.warn(("date_precision",), f"'month' with a full date {date.iso()}; write the date as {date.iso()[:7]}")
    return precision


UNDATED_DRAFT = ("the article carries no date, so ingest left it 'undated' (ingest.undated says why); write the "
                 "publication date as 'date: YYYY-MM-DD', or 'date: YYYY-MM' with 'date_precision: month'")


def _undated(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip().lower() in ("", "undated"))


def check_note(doc: Document, registries: dict[str, Registry], problems: Problems, *, draft: bool = False) -> Note | None:
    """One note (or inbox draft) against the note schema."""
    c = _Checker(doc, problems)
    m = doc.meta
    slug = _slug(doc, c)
    title = c.field(m, ("title",), lambda v: text(v, limit=MAX_TITLE), required=True)
    if draft and _undated(m.get("date")):
        c.error(("date",), UNDATED_DRAFT)
        date = None
    else:
        date = c.field(m, ("date",), parse_date, required=True)
    precision = _precision(c, m, date)
    raw_sources = m.get("sources")
    sources: list[SourceRef] = []
    if not raw_sources:
        c.error(("sources",), "missing; add at least one source with name, url and published")
    elif not isinstance(raw_sources, list):
        c.error(("sources",), f"expected a list of sources (- name: …), received {_type_name(raw_sources)}")
    else:
        sources = [s for i, item in enumerate(raw_sources) if (s := _source(c, item, i, registries["sources"]))]
    listed = tuple((kind.name, _names(c, m, kind, registries[kind.name])) for kind in listed_kinds())
    summary = c.field(m, ("summary",), lambda v: text(v, one_line=False, limit=2000), default="")
    figures = _figures(c, m.get("figures"))
    disputed, disputed_by, disputed_citation = _disputed(c, m, registries, len(sources))
    credibility = c.field(m, ("credibility",), _credibility, default=None)
    see_also = tuple(c.field(m, ("see_also",), string_list, default=[]))
    c.unknown_keys(m, note_keys())
    if not doc.body.strip():
        c.warn((), "the note has no body; write what happened below the front matter")
    estimative_prose(c, doc.body, doc.body_line)
    if not c.ok:
        return None
    note = Note(slug, title, date, precision, tuple(sources), doc.body.strip(),
                summary or first_paragraph_text(doc.body), listed, figures,
                disputed, problems.rel(doc.path), draft, credibility, see_also, disputed_by, disputed_citation,
                digest=doc.digest)
    grade_warnings(c, m, note)
    return note


def _unique_slugs(notes: list[Note], problems: Problems, what: str) -> list[Note]:
    seen: dict[str, Note] = {}
    kept = []
    for note in notes:
        other = seen.get(note.slug)
        if other is not None:
            problems.error(note.path, 1, "slug", f"{what} slug '{note.slug}' is also used by {other.path}; rename one of the two files")
            continue
        seen[note.slug] = note
        kept.append(note)
    return kept


def _generated_names() -> set[str]:
    """First parts of the paths the brief writes itself: a page must not take one of them."""
    generated = (paths.home(), paths.timeline(), paths.inbox(), paths.note("x"), paths.feed("rss"), paths.judgements(),
                 paths.editions(), paths.data("events.csv"),
                 *(paths.kind_index(kind.name) for kind in KINDS))
    return {name.split("/")[0].removesuffix(".md") for name in generated} | {"assets", "search", "404"}


def check_page(doc: Document, problems: Problems) -> Page | None:
    c = _Checker(doc, problems)
    slug = _slug(doc, c)
    if slug in _generated_names():
        c.error(("title",), f"'{slug}' is a name the brief uses for its own pages "
                            f"({', '.join(sorted(_generated_names()))}); rename the file, e.g. '{slug}-notes.md'")
    title = c.field(doc.meta, ("title",), text, required=True)
    order = c.field(doc.meta, ("order",), lambda v: int(_number(v)), default=0)
    c.unknown_keys(doc.meta, PAGE_KEYS)
    return Page(slug, title, doc.body.strip(), problems.rel(doc.path), order) if c.ok else None


def check_drafts(raw: Raw, registries: dict[str, Registry], problems: Problems) -> tuple[Draft, ...]:
    """Every inbox file checked as the note it would become, each keeping its own problems."""
    drafts = [Draft(p.path, None, None, (p,)) for p in raw.unreadable_drafts]
    for doc in raw.drafts:
        own = Problems(problems.root)
        note = check_note(doc, registries, own, draft=True)
        drafts.append(Draft(own.rel(doc.path), doc, note, tuple(own.sorted())))
    return tuple(sorted(drafts, key=lambda d: d.path))
EDITION_FIX = "editions are written by 'brief release'; restore the file from git (git checkout -- content/editions)"


def _digest(value: object) -> str:
    value = text(value)
    if not DIGEST.fullmatch(value):
        raise FieldError(f"expected a content hash of {DIGEST_LENGTH} hex digits, received '{value[:40]}'; {EDITION_FIX}")
    return value


def _mapping(c: _Checker, m: dict, key: str, required: bool = False) -> dict:
    value = m.get(key)
    if value is None or value == {}:
        if required and key not in m:
            c.error((key,), f"missing; {EDITION_FIX}")
        return {}
    if not isinstance(value, dict):
        c.error((key,), f"expected 'slug: …' lines, received {_type_name(value)}; {EDITION_FIX}")
        return {}
    return value


def _recorded(c: _Checker, slug: str, item: object) -> Recorded | None:
    keys = ("judgements", slug)
    if not isinstance(item, dict):
        c.error(keys, f"expected title, likelihood, confidence and hash, received {_type_name(item)}; {EDITION_FIX}")
        return None
    parsers = {"title": text, "likelihood": _likelihood, "confidence": _confidence, "hash": _digest}
    values = [c.field(item, keys + (name,), parsers[name], required=True) for name in RECORD_KEYS]
    c.unknown_keys(item, RECORD_KEYS, keys)
    return Recorded(*values) if all(values) else None


def check_edition(doc: Document, problems: Problems) -> Edition | None:
    """An edition file: named by its date, a title, and the hash of every note and judgement it held."""
    c = _Checker(doc, problems)
    m = doc.meta
    try:
        named = parse_date(doc.path.stem)
    except DateError:
        named = None
    if named is None or named.day is None or named.iso() != doc.path.stem or doc.path.suffix != ".yml":
        c.ok = False
        problems.error(doc.path, 1, "file", f"an edition file is named by its date, e.g. 2024-11-30.yml; "
                                            f"rename '{doc.path.name}'")
    date = c.field(m, ("date",), parse_date, required=True)
    if date and named and date != named:
        c.error(("date",), f"{date.iso()} is not the date in the file name ({doc.path.name}); {EDITION_FIX}")
    title = c.field(m, ("title",), text, required=True)
    notes = {}
    for slug, value in _mapping(c, m, "notes", required=True).items():
        if slug_problem(str(slug)):
            c.error(("notes", slug), f"'{slug}' is not a note's slug; {EDITION_FIX}")
        notes[str(slug)] = c.field(m["notes"], ("notes", slug), _digest, required=True)
    judgements = {str(slug): _recorded(c, slug, item) for slug, item in _mapping(c, m, "judgements").items()}
    c.unknown_keys(m, EDITION_KEYS)
    if not c.ok or not date or not title:
        return None
    return Edition(date, title, notes, judgements, problems.rel(doc.path))


# The last registry checked, and each note as checked against it, by document (kept while `brief serve`
# runs, and from one build to the next through builder/cache.py). load returns the very Document of a file
# whose bytes did not change, so an unchanged note is not checked again, and keeps its identity (what
# rendering keys its pages by).
_REGISTRIES: list = [None, None]  # [token, registries]
_NOTES: dict[Path, tuple] = {}  # document's path -> (document, registries token, note, problems)


def _same_registries(registries: dict[str, Registry]) -> tuple[Token, dict[str, Registry]]:
    """The registries, as the very objects of the last check when they are equal to them."""
    token = Token.of("registries", tuple((kind, registry.terms) for kind, registry in registries.items()))
    if _REGISTRIES[0] is not token:
        _REGISTRIES[:] = [token, registries]
    return token, _REGISTRIES[1]


def _checked_note(doc: Document, registries: dict[str, Registry], token: Token, problems: Problems) -> Note | None:
    hit = _NOTES.get(doc.path)
    if hit is None or hit[0] is not doc or hit[1] is not token:
        own = Problems(problems.root)
        hit = _NOTES[doc.path] = (doc, token, check_note(doc, registries, own), tuple(own.items))
    problems.items.extend(hit[3])
    return hit[2]


def validate(raw: Raw, problems: Problems) -> Content:
    """All content checked; problems hold everything wrong, Content everything usable."""
    # tags made by notes are part of the registries: a new tag checks every note again (its Term is new)
    token, registries = _same_registries(derive_terms(raw.notes, check_registry(raw, problems), problems))
    if len(_NOTES) > 2 * len(raw.notes) + 100:
        _NOTES.clear()
    notes = _unique_slugs([n for d in raw.notes if (n := _checked_note(d, registries, token, problems))],
                          problems, "note")
    inbox = check_drafts(raw, registries, problems)
    draft_problems = Problems(problems.root)
    draft_problems.items = [p for d in inbox if d.doc for p in d.problems]  # the unreadable are errors already
    drafts = _unique_slugs([d.note for d in inbox if d.note], draft_problems, "draft")
    # Drafts are never published: what they lack must not stop the site, but strict mode names it.
    for p in draft_problems.items:
        problems.warn(p.path, p.line, p.field, p.message + DRAFT if p.is_error else p.message)
    note_slugs = {n.slug: n for n in notes}
    for draft in drafts:
        if draft.slug in note_slugs:
            problems.warn(draft.path, 1, "slug", f"draft slug '{draft.slug}' is already a note ({note_slugs[draft.slug].path}); "
                                                  "rename the draft before promoting it")
    pages = sorted((p for d in raw.pages if (p := check_page(d, problems))), key=lambda p: (p.order, p.title, p.slug))
    terms = tuple(t for kind in KINDS for t in registries[kind.name].terms)
    notes = check_see_also(notes, raw.notes, problems)
    judgements = check_judgements(raw.judgements, notes, drafts, problems)
    editions = tuple(sorted((e for d in raw.editions if (e := check_edition(d, problems))), key=lambda e: e.date))
    return Content(newest_first(notes), terms, tuple(pages), inbox, judgements, editions)


# --- the analytic layer: grades, corroboration, disputes, estimative language, key judgements ---

def _reliability(value: object) -> str:
    try:
        return grades.parse_reliability(value)
    except ValueError as exc:
        raise FieldError(str(exc)) from None


def _credibility(value: object) -> int:
    try:
        return grades.parse_credibility(value)
    except ValueError as exc:
        raise FieldError(str(exc)) from None


def source_reliability(c: _Checker, m: dict, kind: str) -> str:
    """A registry source's default grade A–F; a missing one is shown as F and warned about."""
    if kind != "sources":
        if "reliability" in m:
            c.warn(("reliability",), "only sources are graded for reliability; remove this line")
        return ""
    letter = c.field(m, ("reliability",), _reliability, default="")
    if not letter and "reliability" not in m:
        c.problems.warn(c.doc.path, c.doc.line("name"), "reliability",
                        f"missing; grade the source 'reliability: A'–'F' ({grades.RELIABILITY_SCALE}); "
                        f"it is shown as {grades.UNGRADED_RELIABILITY} until then")
    return letter


def _relays(c: _Checker, item: dict, keys: tuple, sources: Registry, term: Term | None) -> Term | None:
    name = c.field(item, keys + ("relays",), text, default="")
    if not name:
        return None
    relayed = sources.get(name)
    if relayed is None:
        c.error(keys + ("relays",), f"unknown source '{name}'.{sources.suggest(name)}")
    elif term is not None and relayed.key == term.key:
        c.error(keys + ("relays",), f"'{name}' is the citation's own source; remove 'relays', or name the source "
                                    "whose reporting the article repeats")
        return None
    return relayed


_RAW_ARCHIVE_NAME = re.compile(r"\b\d{3}_[0-9a-f]{8,}\b|\.(?:txt|html?|xml|json|pdf)\b|/", re.IGNORECASE)
_NO_HEADLINE = re.compile(r"\bno (?:headline|title)\b|\buntitled\b", re.IGNORECASE)


def citation_warnings(c: _Checker, keys: tuple, address: str, archived: str, item: dict,
                      outlets: tuple[Term | None, Term | None]) -> None:
    """What readers must not be shown: a home page as the article, a file name, a made-up headline."""
    if address:
        parts = urlsplit(address)
        if not parts.path.strip("/") and not parts.query:
            c.warn(keys + ("url",), f"'{address}' is the outlet's home page, not the article; give the article's "
                                    "address, or replace 'url' by 'archived: …' naming the analysts' copy in plain words")
    if archived and _RAW_ARCHIVE_NAME.search(archived):
        c.warn(keys + ("archived",), f"'{archived}' reads as a file name; readers see this line, so say where the "
                                     "copy is kept in plain words, e.g. 'analysts' archive, item 3'")
    title = item.get("title")
    if isinstance(title, str) and _NO_HEADLINE.search(title):
        c.warn(keys + ("title",), "is not a headline; when the saved copy has none, leave 'title' out "
                                  "(the citation then shows the archived copy and its date)")


def _disputed(c: _Checker, m: dict, registries: dict[str, Registry], citations: int) -> tuple[str, tuple[Term, ...], int | None]:
    """`disputed: "what"`, or a mapping naming who disputes it and which citation's claim."""
    value = m.get("disputed")
    if value is None or value == "":
        return "", (), None
    if not isinstance(value, dict):
        return c.field(m, ("disputed",), text, default=""), (), None
    keys = ("disputed",)
    claim = c.field(value, keys + ("claim",), text, required=True) or ""
    by: dict[tuple[str, str], Term] = {}
    for index, name in enumerate(c.field(value, keys + ("by",), string_list, default=[])):
        term = next((t for kind in ("sources", "actors", "countries") if (t := registries[kind].get(name))), None)
        if term is None:
            hints = [registries[k].suggest(name) for k in ("sources", "actors", "countries")]
            hint = next((h for h in hints if h.startswith(" Did you mean")), " Name a registered source, actor or country.")
            c.error(keys + ("by", index), f"unknown source, actor or country '{name}'.{hint}")
        else:
            by.setdefault(term.key, term)
    citation = c.field(value, keys + ("citation",), lambda v: _citation_number(v, citations), default=None)
    c.unknown_keys(value, DISPUTE_KEYS, keys)
    return claim, tuple(by.values()), citation


def _citation_number(value: object, citations: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= max(citations, 1):
        raise FieldError(f"expected the number of the disputed citation, 1 to {citations} in the order of "
                         f"'sources:', received '{value}'")
    return value


def grade_warnings(c: _Checker, m: dict, note: Note) -> None:
    """A missing credibility, and 'confirmed by other sources' said of a single-source note."""
    if note.credibility is None and "credibility" not in m:
        c.problems.warn(c.doc.path, c.doc.line("title"), "credibility",
                        f"missing; grade the information 'credibility: 1'–'6' ({grades.CREDIBILITY_SCALE}); "
                        f"it is shown as {grades.UNGRADED_CREDIBILITY} until then")
    if note.credibility == 1 and note.single_source:
        only = note.independent_sources[0].name
        c.warn(("credibility",), f"1 means confirmed by other sources, but the note has one independent source "
                                 f"({only}; a 'via' carrier or a copy that 'relays' it is the same reporting); use 2 "
                                 "(probably true) or cite the confirming source")


def estimative_prose(c: _Checker, body: str, first_line: int, field: str = "body") -> None:
    """Likelihood words off the ICD 203 scales, and likelihood and confidence in one sentence: warnings at their line."""
    for finding in (*estimative.off_scale(body), *estimative.mixed_sentences(body)):
        c.problems.warn(c.doc.path, first_line + finding.line - 1, field, finding.message)


def check_see_also(notes: list[Note], docs: tuple[Document, ...], problems: Problems) -> list[Note]:
    """`see_also` names published notes (not itself); a wrong slug is an error with the closest one."""
    slugs = {n.slug for n in notes}
    by_path = {problems.rel(d.path): d for d in docs}
    checked = []
    for note in notes:
        kept = []
        for index, slug in enumerate(note.see_also):
            doc = by_path[note.path]
            if slug == note.slug:
                problems.error(doc.path, doc.line("see_also", index), f"see_also[{index}]", "is the note itself; remove it")
            elif slug not in slugs:
                problems.error(doc.path, doc.line("see_also", index), f"see_also[{index}]",
                               f"unknown note '{slug}'.{_closest(slug, slugs)}")
            else:
                kept.append(slug)
        checked.append(note if len(kept) == len(note.see_also) else replace(note, see_also=tuple(kept)))
    return checked


def _closest(slug: str, slugs: set[str] | dict) -> str:
    close = difflib.get_close_matches(slug, sorted(slugs), n=1, cutoff=0.6)
    return f" Did you mean '{close[0]}'?" if close else " Give the file name of a note in content/notes/, without '.md'."


def _likelihood(value: object) -> str:
    try:
        return estimative.parse_likelihood(text(value))
    except ValueError as exc:
        raise FieldError(str(exc)) from None


def _confidence(value: object) -> str:
    try:
        return estimative.parse_confidence(text(value))
    except ValueError as exc:
        raise FieldError(str(exc)) from None


def _supports(c: _Checker, m: dict, notes: dict[str, Note], drafts: dict[str, Note]) -> tuple[Note, ...]:
    slugs = c.field(m, ("supports",), string_list, default=[])
    if not slugs and "supports" in m and c.ok:
        c.error(("supports",), "is empty; list at least one note the judgement rests on")
    found: dict[str, Note] = {}
    for index, slug in enumerate(slugs):
        keys = ("supports", index)
        if slug in found:
            c.warn(keys, f"'{slug}' is listed twice; remove the repeat")
        elif slug in notes:
            found[slug] = notes[slug]
        elif slug in drafts:
            c.error(keys, f"'{slug}' is a draft ({drafts[slug].path}), not a published note; "
                          f"promote it first (brief promote {slug}) or remove it")
        else:
            c.error(keys, f"unknown note '{slug}'.{_closest(slug, notes)}")
    return tuple(found.values())


def check_judgement(doc: Document, notes: dict[str, Note], drafts: dict[str, Note], problems: Problems) -> Judgement | None:
    """One key judgement: its sentence, ICD 203 likelihood and confidence, date and supporting notes."""
    c = _Checker(doc, problems)
    m = doc.meta
    slug = _slug(doc, c)
    title = c.field(m, ("title",), lambda v: text(v, limit=MAX_TITLE), required=True)
    likelihood = c.field(m, ("likelihood",), _likelihood, required=True)
    confidence = c.field(m, ("confidence",), _confidence, required=True)
    date = c.field(m, ("date",), parse_date, required=True)
    order = c.field(m, ("order",), lambda v: int(_number(v)), default=0)
    if "supports" not in m or m.get("supports") is None:
        c.error(("supports",), "missing; add 'supports: [note-slug, …]' naming the notes the judgement rests on")
    supports = _supports(c, m, notes, drafts)
    c.unknown_keys(m, JUDGEMENT_KEYS)
    if title and likelihood:
        _title_agrees(c, title, likelihood)
        estimative_prose(c, title, doc.line("title"), "title")
    if not doc.body.strip():
        c.warn((), "the judgement has no body; write the reasoning and the indicators that would change it")
    estimative_prose(c, doc.body, doc.body_line)
    if confidence == "high" and supports and all(n.single_source for n in supports):
        c.warn(("confidence",), "'high' rests only on single-source notes; corroborate it or say 'moderate'")
    if not c.ok or not supports:
        return None
    return Judgement(slug, title, likelihood, confidence, supports, date, order, doc.body.strip(), problems.rel(doc.path),
                     doc.digest)


def _title_agrees(c: _Checker, title: str, likelihood: str) -> None:
    """The sentence's own estimative word must be the field's (the reader sees both)."""
    for written, said in dict.fromkeys(estimative.terms_in(title)):
        if said == likelihood:
            continue
        if estimative.band(said) == estimative.band(likelihood):
            c.warn(("title",), f"says '{written}' but likelihood is '{likelihood}': the same band from the other ICD 203 "
                               f"scale; use the words of one scale ('{likelihood}')")
        else:
            c.warn(("title",), f"says '{written}' but likelihood is '{likelihood}'; make them agree")


def check_judgements(docs: tuple[Document, ...], notes: list[Note], drafts: list[Note],
                     problems: Problems) -> tuple[Judgement, ...]:
    """Every key judgement, ordered; both ICD 203 scales in one brief is a warning at the minority's lines."""
    by_slug = {n.slug: n for n in notes}
    draft_slugs = {d.slug: d for d in drafts}
    judgements = [j for d in docs if (j := check_judgement(d, by_slug, draft_slugs, problems))]
    scales = [estimative.scale_of(j.likelihood) for j in judgements]
    if len(set(scales)) > 1:
        brief_scale = max(sorted(set(scales)), key=lambda s: (scales.count(s), s == estimative.MAIN))
        lines = {problems.rel(d.path): d for d in docs}
        for j in judgements:
            if estimative.scale_of(j.likelihood) != brief_scale:
                doc = lines[j.path]
                problems.warn(doc.path, doc.line("likelihood"), "likelihood",
                              f"'{j.likelihood}' is from the ICD 203 scale {estimative.SCALE_NAMES[estimative.scale_of(j.likelihood)]}, "
                              f"but the brief's other judgements use {estimative.SCALE_NAMES[brief_scale]}; use one scale "
                              f"throughout: '{estimative.in_scale(j.likelihood, brief_scale)}'")
    return tuple(sorted(judgements, key=lambda j: j.sort_key))
