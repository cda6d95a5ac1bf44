"""An Article, with what the registry and dedupe found, as the text of a draft note.

The draft has the note schema (title, date, sources, countries, actors) so `brief check`
reads it like any note, plus an `ingest:` mapping the analyst reads: where it came from,
its dedupe keys, what cleaning did, names to add to the registry, the note it resembles,
and, for an article without a date, why it is undated. An undated article gets
`date: undated`, which the checker reports until the analyst writes the real date; it is
never given today's date.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import yaml

from .entities import Found
from .model import Article
from ..model import Term, listed_kinds
from ..registry import Registry, normalize

UNDATED = "undated"


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who reported the article (name) and who carried it (via)."""

    name: str
    via: str = ""
    unregistered: str = ""  # an outlet the text names that the registry lacks


def attribute(article: Article, found: Found, sources: Registry) -> Attribution:
    """The outlet that reported the story and the one that carried it, from the registry when possible."""
    carrier = _carrier(article, sources)
    reporter = found.attributed[0] if found.attributed else None
    archive = next((t for t in sources.terms if t.category == "archive"), None)
    unregistered = article.outlet if article.outlet and carrier is None else ""
    if reporter and carrier and reporter.key != carrier.key:
        return Attribution(reporter.name, carrier.name)
    if reporter:
        via = archive.name if archive and not carrier and not article.url and not unregistered else (unregistered or "")
        return Attribution(reporter.name, via, unregistered)
    if carrier:
        return Attribution(carrier.name)
    if unregistered:
        return Attribution(unregistered, "", unregistered)
    return Attribution(archive.name if archive else "")


def _carrier(article: Article, sources: Registry) -> Term | None:
    """The registered outlet named by the dateline or feed title, or whose site is the outlet's address."""
    if article.outlet and (term := sources.get(article.outlet)):
        return term
    host = _host(article.outlet_url) or _host(article.url)
    if not host:
        return None
    return next((t for t in sources.terms if t.url and _host(t.url) == host), None)


def _host(address: str) -> str:
    host = urlsplit(address).hostname or ""
    return host.removeprefix("www.")


class _Dumper(yaml.SafeDumper):
    """Block mappings, and lists of names on one line ('countries: [Iraq, Iran]') as analysts write them."""


def _list(dumper: yaml.SafeDumper, value: list) -> yaml.Node:
    flow = all(isinstance(item, str) for item in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(list, _list)


def render(article: Article, found: Found, who: Attribution, keys: dict[str, str],
           near: tuple[str, float] | None) -> str:
    """The draft's text: front matter, then the cleaned article."""
    source: dict = {"name": who.name}
    if who.via:
        source["via"] = who.via
    if article.url:  # the outlet's home page is not the article: without an address, the copy is cited
        source["url"] = article.url
    else:
        source["archived"] = f"ingested from {article.origin}"
    source["published"] = article.date.iso() if article.date else UNDATED
    source["title"] = article.title
    meta: dict = {"title": article.title, "date": article.date.iso() if article.date else UNDATED,
                  "sources": [source]}
    for kind in listed_kinds():
        if found.terms[kind.name]:
            meta[kind.name] = [term.name for term, _ in found.terms[kind.name]]
    if article.tags:
        meta["tags"] = list(article.tags)
    if article.summary:
        meta["summary"] = article.summary
    meta["ingest"] = _ingest(article, found, who, keys, near)
    front = yaml.dump(meta, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{front}---\n" + "".join(f"\n{p}\n" for p in article.paragraphs)


def _ingest(article: Article, found: Found, who: Attribution, keys: dict[str, str],
            near: tuple[str, float] | None) -> dict:
    data: dict = {"from": article.origin, **keys}
    if article.author:
        data["author"] = article.author
    if article.published_at:
        data["published_at"] = article.published_at
    if not article.date:
        data["undated"] = article.undated
    if article.notes:
        data["cleaned"] = list(article.notes)
    proposed = [{"name": name, "count": count} for name, count in found.proposed]
    if who.unregistered and normalize(who.unregistered) not in {normalize(p["name"]) for p in proposed}:
        proposed.insert(0, {"name": who.unregistered, "count": 1, "kind": "source"})
    if proposed:
        data["proposed"] = proposed
    if near:
        path, score = near
        data["near_duplicate"] = {"of": path, "score": round(score, 2),
                                  "advice": "probably the same story: add this article as a second source "
                                            "of that note instead of promoting it"}
    return data
