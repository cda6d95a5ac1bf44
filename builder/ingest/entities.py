"""Registry names in raw text: countries, actors and sources found, new names proposed.

A name matches as a whole word in any case, with a possessive ("Iran's"), curly or straight
apostrophes ("Shi’ite"), hyphen or space ("Iran-backed"), and with or without the Arabic
article ("al-Sudani", "Al-Sudani", "Sudani"). Two exceptions keep common words out:
short acronyms ("US", "IS", "UN") match only in capitals, and a one-word name never
matches in all lower case ("burns" is not William Burns).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..model import KINDS, Term
from ..registry import Registry, normalize

_SEPARATORS = r"[\s\-\u2010\u2011\u2013]+"
_APOSTROPHE = "['\u2019\u02bc\u2018`]"
_ARTICLE = re.compile(r"^(?:al|el)[\s\-\u2010\u2011]+", re.IGNORECASE)
_ACRONYM = re.compile(r"(?:[A-Z]\.?){1,5}(?:-[A-Z]{1,3})?")
# Capitalised words that start sentences or titles and are not names by themselves.
_COMMON = set("""a an and as at but by for from he her his i if in it its of on or our she so that the their
then there these they this those to was we were what when where which while who why with after before
according although however meanwhile since despite during instead officials official president prime
minister secretary director spokesman spokeswoman general state national security advisor adviser
government report reports sunday monday tuesday wednesday thursday friday saturday january february
march april may june july august september october november december mr mrs ms dr read more
american iranian iraqi israeli lebanese syrian palestinian yemeni arab western shiite shia sunni
previous next share subscribe no yes some many most all both each other several earlier later
""".split())


@dataclass(frozen=True, slots=True)
class Found:
    """What the text names: registered terms by kind with counts, and unknown names."""

    terms: dict  # kind -> list[(Term, count)], most mentioned first
    attributed: tuple[Term, ...]  # sources named as the reporter, most attributed first
    proposed: tuple[tuple[str, int], ...]  # names the registry lacks, with counts


def _key(name: str) -> str:
    """Match key: normalized, hyphens as spaces, the Arabic article dropped."""
    text = re.sub(r"[\s\-\u2010\u2011\u2013]+", " ", normalize(name)).strip()
    return _ARTICLE.sub("", text)


def _pattern(name: str) -> str:
    core = _ARTICLE.sub("", name.strip())
    words = [re.sub(_APOSTROPHE, lambda _: _APOSTROPHE, re.escape(w)) for w in re.split(_SEPARATORS, core) if w]
    body = _SEPARATORS.join(words)
    if _ACRONYM.fullmatch(name):
        return rf"(?-i:{body})"
    return rf"(?:(?:al|el)[\s\-\u2010\u2011])?{body}"


class Matcher:
    """One regular expression over every name of the given registries, longest name first."""

    def __init__(self, registries: dict[str, Registry]) -> None:
        self.by_key: dict[str, tuple[Term, str]] = {}
        names: list[str] = []
        for kind in KINDS:
            if not kind.named:
                continue  # themes (tags) are given by an analyst, not found in text
            for term in registries[kind.name].terms:
                for name in term.names:
                    if _key(name) and _key(name) not in self.by_key:
                        self.by_key[_key(name)] = (term, name)
                        names.append(name)
        names.sort(key=lambda n: (-len(n), n))
        alternation = "|".join(_pattern(n) for n in names) or r"(?!x)x"
        self.regex = re.compile(rf"(?<![\w'’])(?:{alternation})(?!\w)", re.IGNORECASE)

    def matches(self, text: str) -> list[tuple[Term, re.Match]]:
        out = []
        for match in self.regex.finditer(text):
            hit = self.by_key.get(_key(match.group(0)))
            if hit is None:
                continue
            term, name = hit
            said = match.group(0)
            if " " not in name and "-" not in name and said.islower() and not name.islower():
                continue  # 'burns' is not William Burns
            out.append((term, match))
        return out


def find(text: str, registries: dict[str, Registry], matcher: Matcher | None = None) -> Found:
    """Registered countries, actors and sources in `text`, and proposed new names."""
    matcher = matcher or Matcher(registries)
    hits = matcher.matches(text)
    counts: Counter = Counter(term.key for term, _ in hits)
    terms_by_key = {term.key: term for term, _ in hits}
    terms = {kind.name: sorted(((terms_by_key[k], n) for k, n in counts.items() if k[0] == kind.name),
                               key=lambda tn: (-tn[1], tn[0].name)) for kind in KINDS}
    return Found(terms, _attributed(text, hits), _proposed(text, hits, matcher))


def _attributed(text: str, hits: list[tuple[Term, re.Match]]) -> tuple[Term, ...]:
    """Sources in a reporting phrase ('told Axios', 'Axios reported'), most often and earliest first."""
    score: Counter = Counter()
    first: dict = {}
    for term, match in hits:
        if term.kind != "sources":
            continue
        before = text[max(0, match.start() - 40):match.start()].lower()
        after = text[match.end():match.end() + 20].lower()
        if re.search(r"(told|according to|reported by|citing|report from|reports? by|via)\s+(the\s+)?([\w'’-]+\s+){0,2}$", before) \
                or re.match(r"[\s’'”\"]*(s\s+)?(reported|reports|said|says|news agency|wrote)\b", after):
            score[term.key] += 1
            first.setdefault(term.key, (match.start(), term))
    ranked = sorted(score, key=lambda k: (-score[k], first[k][0]))
    return tuple(first[k][1] for k in ranked)


_CAPITALISED = re.compile(r"(?<![\w'’-])((?:al-|el-)?[A-Z][\w'’]*(?:-[A-Z]?[\w'’]+)*"
                          r"(?:\s+(?:(?:of|the|al|bin|ibn|de|for)\s+)?(?:al-|el-)?[A-Z][\w'’]*(?:-[A-Z]?[\w'’]+)*){0,4})")


def _proposed(text: str, hits: list[tuple[Term, re.Match]], matcher: Matcher) -> tuple[tuple[str, int], ...]:
    """Capitalised names the registry lacks, seen at least twice, with how often they occur."""
    masked = list(text)
    for _term, match in hits:  # registered names are not proposed again
        masked[match.start():match.end()] = "\x00" * (match.end() - match.start())
    counts: Counter = Counter()
    prose = "\n".join(line for line in "".join(masked).split("\n") if not _headline(line))
    for match in _CAPITALISED.finditer(prose):
        name = _trim(match.group(1))
        if not name or _key(name) in matcher.by_key:
            continue
        counts[name] += 1
    stems = tuple(k for k in matcher.by_key if " " not in k and len(k) > 3)
    found = [(name, n) for name, n in counts.items() if n >= 2 and _is_name(name, text, stems)]
    return tuple(sorted(found, key=lambda item: (-item[1], item[0]))[:20])


def _headline(line: str) -> bool:
    """A Title Case line (a headline): its capitals say nothing about names."""
    words = [w for w in line.split() if w[0].isalpha()]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def _is_name(name: str, text: str, stems: tuple[str, ...]) -> bool:
    """A single word is no new name when it also occurs in lower case ('Tensions'), or derives
    from a registered one ('Israelis', 'Iranian-backed')."""
    if " " in name:
        return True
    if normalize(name).startswith(stems):
        return False
    return re.search(rf"(?<![\w'’-]){re.escape(name.lower())}(?![\w'’-])", text) is None


def _trim(name: str) -> str:
    """Drop common capitalised words at either end ('The', 'President'); '' when nothing is left."""
    words = re.sub(r"['’]s$", "", name).split()
    while words and words[0].lower().strip("'’") in _COMMON:
        words.pop(0)
    while words and words[-1].lower() in _COMMON | {"of", "the", "al", "bin", "ibn", "de", "for"}:
        words.pop()
    if not words or (len(words) == 1 and len(words[0]) < 3):
        return ""
    return " ".join(words)
