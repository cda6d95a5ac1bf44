"""Nothing twice: exact keys (URL, GUID, content hash) and near-duplicates by similarity.

An exact repeat is skipped. A near-duplicate (the same story from another outlet) is still
written, flagged with the note or draft it resembles and a score, so the analyst can add
it as a second source. The score is the largest of three measures: the cosine of TF-IDF
weighted content words (catches rewrites of one story), the Jaccard index of 3-word
shingles (catches copies with small edits), and the share of the shorter text's shingles
found in the longer one (catches a story padded with commentary, which dilutes the other
two). Only the candidates that MinHash LSH picks are scored once the brief is large (lsh).
"""
from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .lsh import CACHE, CANDIDATES, Index, Signatures
from ..registry import normalize

NEAR = 0.4  # similarity from which a draft is flagged as a near-duplicate
# Containment counts only when the shorter text has this many shingles (two or three
# sentences): in a shorter one, the phrases every article of a brief shares decide.
MIN_CONTAINED = 40
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_STOP = set("""a about after again against all also an and any are as at be because been before being between
both but by can could did do does during each few for from further had has have having he her here hers him
his how i if in into is it its itself just more most no nor not now of off on once only or other our out over
own said same she should so some such than that the their them then there these they this those through to
too under until up very was we were what when where which while who whom why will with would you your
says say told according report reported reports officials official us u s""".split())


def content_hash(text: str) -> str:
    """The hash of what an article says: case, punctuation and spacing do not count."""
    words = _WORD.findall(normalize(text))
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
    return tuple(_WORD.findall(normalize(text)))


@dataclass
class Corpus:
    """Every known note and draft: keys for exact repeats, word vectors for near-duplicates.

    Document frequencies are kept as items are added, and each item's term counts and
    shingles are computed once, when it is first scored.
    """

    items: list[Known] = field(default_factory=list)
    by_key: dict[str, Known] = field(default_factory=dict)
    signatures: Signatures = field(default_factory=Signatures)  # with a cache path, kept between runs
    candidates: int = CANDIDATES  # with more known items than this, LSH picks which are scored
    _df: Counter = field(default_factory=Counter)
    _features: dict[int, tuple[Counter, set]] = field(default_factory=dict)
    _index: Index | None = None

    def add(self, item: Known) -> None:
        self.items.append(item)
        for key in item.keys:
            self.by_key.setdefault(key, item)
        self._df.update(set(terms(item.words)))
        if self._index is not None:
            self._index.add(len(self.items) - 1, terms(item.words))

    def duplicate(self, keys: set[str]) -> Known | None:
        """The note or draft with one of these keys, if any."""
        return next((self.by_key[k] for k in sorted(keys) if k in self.by_key), None)

    def nearest(self, words: tuple[str, ...]) -> tuple[Known | None, float]:
        """The most similar known item and the score (0…1)."""
        if not self.items or not words:
            return None, 0.0
        incoming = Counter(terms(words))
        idf = self._idf(incoming)
        vector = _tfidf(incoming, idf)
        shingles = _shingles(words)
        best: tuple[Known | None, float] = (None, 0.0)
        for number in self._candidates(incoming):
            item = self.items[number]
            counts, item_shingles = self._features_of(number)
            score = max(_cosine(vector, _tfidf(counts, idf)), _jaccard(shingles, item_shingles),
                        _containment(shingles, item_shingles))
            if score > best[1] + 1e-9 or (abs(score - best[1]) <= 1e-9 and best[0] and item.path < best[0].path):
                best = (item, score)
        return best

    def save(self) -> None:
        """Keep the signatures for the next run (when LSH was used)."""
        if self._index is not None:
            self.signatures.save()

    def _candidates(self, incoming: Counter) -> Iterable[int]:
        if len(self.items) <= self.candidates:
            return range(len(self.items))
        if self._index is None:
            self._index = Index(self.signatures)
            for number, item in enumerate(self.items):
                self._index.add(number, terms(item.words))
        return self._index.candidates(incoming, self.candidates)

    def _features_of(self, number: int) -> tuple[Counter, set]:
        if number not in self._features:
            words = self.items[number].words
            self._features[number] = (Counter(terms(words)), _shingles(words))
        return self._features[number]

    def _idf(self, incoming: Counter) -> Callable[[str], float]:
        """Inverse document frequency over the known items and the incoming text."""
        documents = len(self.items) + 1
        cache: dict[str, float] = {}

        def idf(word: str) -> float:
            if word not in cache:
                frequency = self._df[word] + (word in incoming)
                cache[word] = math.log((1 + documents) / (1 + frequency)) + 1
            return cache[word]
        return idf


def terms(words: tuple[str, ...]) -> list[str]:
    """The content words of a text: no stop words, none shorter than three letters."""
    return [w for w in words if w not in _STOP and len(w) > 2]


def signatures_cache(root: Path) -> Signatures:
    """The project's signature cache (build/ingest/minhash.bin)."""
    return Signatures(root / CACHE)


def _tfidf(counts: Counter, idf: Callable[[str], float]) -> dict[str, float]:
    return {w: (1 + math.log(n)) * idf(w) for w, n in counts.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(v * b.get(w, 0.0) for w, v in a.items())
    return dot / (math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values())))


def _shingles(words: tuple[str, ...]) -> set[tuple[str, ...]]:
    return {words[i:i + 3] for i in range(max(0, len(words) - 2))}


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _containment(a: set, b: set) -> float:
    """The share of the smaller set found in the larger (0 when the smaller is too short to tell)."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return len(small & large) / len(small) if len(small) >= MIN_CONTAINED else 0.0
