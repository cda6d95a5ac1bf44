"""Name lookup over the registry: any name or alias, any case, any apostrophe."""
from __future__ import annotations

import difflib
import re
import unicodedata

from .model import Term, kind_of

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u2010": "-", "\u2011": "-"})


def normalize(name: str) -> str:
    """The lookup key of a name: NFKC, casefolded, straight apostrophes, single spaces."""
    text = unicodedata.normalize("NFKC", name).translate(_APOSTROPHES).casefold()
    return re.sub(r"\s+", " ", text).strip()


class Registry:
    """Every term of one kind by each of its names."""

    def __init__(self, kind: str, terms: list[Term] | tuple[Term, ...]) -> None:
        self.kind = kind
        self.terms = tuple(sorted(terms, key=lambda t: t.slug))
        self.by_name: dict[str, Term] = {}
        for term in self.terms:
            for name in term.names:
                self.by_name.setdefault(normalize(name), term)

    def get(self, name: str) -> Term | None:
        return self.by_name.get(normalize(name))

    def suggest(self, name: str) -> str:
        """' Did you mean 'Jake Sullivan'?' or a pointer to the registry folder."""
        close = difflib.get_close_matches(normalize(name), list(self.by_name), n=1, cutoff=0.6)
        if close:
            return f" Did you mean '{self.by_name[close[0]].name}'?"
        kind = kind_of(self.kind)
        return f" Add it as content/{kind.folder}/<slug>.md or use a registered {kind.singular}."
