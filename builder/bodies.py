"""What a Markdown body holds that readers would not see as written: links that match no page,
and HTML or link addresses the sanitizer removes. Checked with the rest of the content, at the line.

Bodies become HTML before MkDocs sees them, so MkDocs cannot validate their links; and the
sanitizer removes scripts, handlers and unsafe addresses silently. Both are said here instead.
"""
from __future__ import annotations

import difflib
import posixpath
import re
from urllib.parse import urlsplit

from . import markdown, paths
from .frontmatter import Document
from .load import Raw
from .memo import Memo
from .model import KINDS, Content
from .problems import Problems
from .sanitize import removed

_WORTH_PARSING = re.compile(r"<|&|\]\s*[(:\[]")  # no link, tag or entity: nothing to check
_ADVICE = "link to a page by its address, e.g. '../<note-slug>/' or '../../actors/<slug>/'"


class PageAddresses:
    """Every page of the site by its URL (from `paths`), to resolve a body's relative links against."""

    def __init__(self, content: Content) -> None:
        docs = paths.every_page((n.slug for n in content.notes), content.terms, (p.slug for p in content.pages),
                                (k.name for k in KINDS), (j.slug for j in content.judgements))
        self.by_url = {_bare(paths.url(doc)): doc for doc in docs}

    def problem(self, href: str, here: str) -> str | None:
        """Why `href`, written on the page at docs path `here`, leads nowhere; None when it is fine."""
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path:
            return None  # another site, mailto:, or an anchor on this page
        # The page's URL ends in '/', so it is the folder relative links start from, as in a browser.
        target = _bare(parts.path.lstrip("/") if parts.path.startswith("/") else posixpath.join(paths.url(here), parts.path))
        if target in self.by_url:
            return None
        guess = _bare(re.sub(r"\.md$", "", target))
        close = difflib.get_close_matches(guess, list(self.by_url), n=1, cutoff=0.75)
        hint = f"did you mean '{_relative(paths.url(self.by_url[close[0]]), paths.url(here))}'?" if close else _ADVICE
        return f"link to '{href}' matches no page; {hint}"


def _relative(url: str, here_url: str) -> str:
    """The shortest relative address of `url` from the page at `here_url` (both site paths ending in '/')."""
    rel = posixpath.relpath(url or ".", here_url or ".")
    return rel + "/" if url.endswith("/") or not url else rel


def _bare(url: str) -> str:
    """A site path without 'index.html', dots or the trailing slash: one form per page."""
    path = posixpath.normpath(url) if url else "."
    path = re.sub(r"(^|/)index\.html$", "", path).rstrip("/")
    return "" if path == "." else path


def check_bodies(raw: Raw, content: Content, problems: Problems) -> None:
    """Links to no page are errors; what the sanitizer removes is a warning; both at the body's line."""
    addresses = PageAddresses(content)
    docs = {problems.rel(d.path): d for d in (*raw.notes, *raw.pages, *raw.judgements,
                                              *(d for kind in KINDS for d in raw.registry[kind.name]))}
    published = [(n.path, paths.note(n)) for n in content.notes] + [(t.path, paths.term(t)) for t in content.terms] \
        + [(p.path, paths.page(p.slug)) for p in content.pages] + [(j.path, paths.judgement(j)) for j in content.judgements]
    _SCANS.bound(2 * len(docs) + 100)
    for path, here in published:
        doc = docs.get(path)
        if doc is not None and _WORTH_PARSING.search(doc.body):
            _check_body(doc, here, addresses, problems)


def _check_body(doc: Document, here: str, addresses: PageAddresses, problems: Problems) -> None:
    for line, kind, value in _scan(doc.body):
        if kind == "link":
            if (problem := addresses.problem(value, here)) is not None:
                problems.error(doc.path, doc.body_line + line, "body", problem)
        else:
            problems.warn(doc.path, doc.body_line + line, "body", value)


# Every check looks at every body: each text is parsed once (while `brief serve` runs, and from one build to the
# next through builder/cache.py).
_SCANS = Memo()


def _scan(body: str) -> tuple[tuple[int, str, str], ...]:
    """(0-based line, 'link', address) for each link and (line, 'removed', what and why) for each removal."""
    return _SCANS.get(body, lambda: _scanned(body))


def _scanned(body: str) -> tuple[tuple[int, str, str], ...]:
    out: list[tuple[int, str, str]] = []
    for line, kind, value in markdown.pieces(body):
        if kind == "link":
            out.append((line, kind, value))
        else:
            out += [(line + offset - 1, "removed", what) for offset, what in removed(value)]
    return tuple(out)
