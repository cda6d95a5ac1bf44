"""Nothing twice: exact keys (URL, GUID, content hash) and near-duplicates by similarity.

An exact repeat is skipped. A near-duplicate (the same story from another outlet) is still
written, flagged with the note or draft it resembles and a score, so the analyst can add
it as a second source. The score is the larger of two measures: the cosine of TF-IDF
weighted content words (catches rewrites of one story) and the Jaccard index of 3-word
shingles (catches copies with small edits).
"""
from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from ..registry import normalize

NEAR = 0.4  # similarity from which a draft is flagged as a near-duplicate
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")  # letters and digits of any script (ASCII text reads as it always did)
_STOP = set("""a about after again against all also an and any are as at be because been before being between
both but by can could did do does during each few for from further had has have having he her here hers him
his how i if in into is it its itself just more most no nor not now of off on once only or other our out over
own said same she should so some such than that the their them then there these they this those through to
too under until up very was we were what when where which while who whom why will with would you your
says say told according report reported reports officials official us u s""".split())


def content_hash(text: str) -> str:
    """The hash of what an article says, in any script: case, punctuation, spacing and vowel marks do not count."""
    words = words_of(text)
    return "sha256:" + hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()


def url_key(url: str) -> str:
    """An article URL as a key: scheme, 'www.', fragment and trailing slash do not count."""
    url = url.strip()
    url = re.sub(r"^https?://(www\.)?", "", url, flags=re.IGNORECASE).split("#", 1)[0].rstrip("/")
    host, _, rest = url.partition("/")
    return f"{host.lower()}/{rest}" if rest else ""  # a bare site address is no article's key


@dataclass(frozen=True, slots=True)
class Known:
    """A note or draft already in the content folder, as dedupe sees it."""

    path: str  # relative to the project, for messages
    slug: str
    keys: frozenset[str]  # 'url:…', 'guid:…', 'sha256:…'
    words: tuple[str, ...]


def words_of(text: str) -> tuple[str, ...]:
    """The words of a text, NFKC and casefolded, without combining marks (Arabic vowel marks are optional)."""
    folded = normalize(text)
    if not folded.isascii():
        folded = "".join(ch for ch in folded if unicodedata.category(ch) != "Mn")
    return tuple(_WORD.findall(folded))


@dataclass
class Corpus:
    """Every known note and draft: keys for exact repeats, word vectors for near-duplicates."""

    items: list[Known] = field(default_factory=list)
    by_key: dict[str, Known] = field(default_factory=dict)

    def add(self, item: Known) -> None:
        self.items.append(item)
        for key in item.keys:
            self.by_key.setdefault(key, item)

    def duplicate(self, keys: set[str]) -> Known | None:
        """The note or draft with one of these keys, if any."""
        return next((self.by_key[k] for k in sorted(keys) if k in self.by_key), None)

    def nearest(self, words: tuple[str, ...]) -> tuple[Known | None, float]:
        """The most similar known item and the score (0…1)."""
        if not self.items or not words:
            return None, 0.0
        idf = self._idf(words)
        vector = _tfidf(words, idf)
        shingles = _shingles(words)
        best: tuple[Known | None, float] = (None, 0.0)
        for item in self.items:
            score = max(_cosine(vector, _tfidf(item.words, idf)), _jaccard(shingles, _shingles(item.words)))
            if score > best[1] + 1e-9 or (abs(score - best[1]) <= 1e-9 and best[0] and item.path < best[0].path):
                best = (item, score)
        return best

    def _idf(self, words: tuple[str, ...]) -> dict[str, float]:
        documents = [set(item.words) for item in self.items] + [set(words)]
        frequency: Counter = Counter(w for doc in documents for w in doc)
        return {w: math.log((1 + len(documents)) / (1 + n)) + 1 for w, n in frequency.items()}


def _tfidf(words: tuple[str, ...], idf: dict[str, float]) -> dict[str, float]:
    counts = Counter(w for w in words if w not in _STOP and len(w) > 2)
    return {w: (1 + math.log(n)) * idf.get(w, 1.0) for w, n in counts.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(v * b.get(w, 0.0) for w, v in a.items())
    return dot / (math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values())))


def _shingles(words: tuple[str, ...]) -> set[tuple[str, ...]]:
    return {words[i:i + 3] for i in range(max(0, len(words) - 2))}


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
