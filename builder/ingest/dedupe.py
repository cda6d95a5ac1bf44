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
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .lsh import CACHE, CANDIDATES, Index, Signatures
from ..registry import normalize

NEAR = 0.4  # similarity from which a draft is flagged as a near-duplicate
# Containment counts only when the shorter text has this many shingles (two or three
# sentences): in a shorter one, the phrases every article of a brief shares decide.
MIN_CONTAINED = 40
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
    """Every known note and draft: keys for exact repeats, word vectors for near-duplicates.

    Document frequencies are kept as items are added, and each item's term counts and
    shingles are computed once, when it is first scored.
    """

    items: list[Known] = field(default_factory=list)
    by_key: dict[str, Known] = field(default_factory=dict)
    signatures: Signatures = field(default_factory=Signatures)  # with a cache path, kept between runs
    candidates: int = CANDIDATES  # with more known items than this, LSH picks which are scored
    _df: Counter = field(default_factory=Counter)
    _log_df: dict[str, float] = field(default_factory=dict)  # log(1 + document frequency), kept between calls
    _features: dict[int, tuple[dict[str, float], set[int]]] = field(default_factory=dict)
    _index: Index | None = None

    def add(self, item: Known) -> None:
        self.items.append(item)
        for key in item.keys:
            self.by_key.setdefault(key, item)
        distinct = set(terms(item.words))
        self._df.update(distinct)
        for word in distinct:
            self._log_df.pop(word, None)
        if self._index is not None:
            self._index.add(len(self.items) - 1, terms(item.words))

    def duplicate(self, keys: set[str]) -> Known | None:
        """The note or draft with one of these keys, if any."""
        return next((self.by_key[k] for k in sorted(keys) if k in self.by_key), None)

    def nearest(self, words: tuple[str, ...]) -> tuple[Known | None, float]:
        """The most similar known item and the score (0…1)."""
        if not self.items or not words:
            return None, 0.0
        query = _Query(words, self._df, self._log_df, len(self.items) + 1)
        best: tuple[Known | None, float] = (None, 0.0)
        for number in self._candidates(query.counts):
            item = self.items[number]
            score = query.score(*self._features_of(number))
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

    def _features_of(self, number: int) -> tuple[dict[str, float], set[int]]:
        """An item's term weights before IDF (1 + log count) and its shingles, computed once."""
        if number not in self._features:
            words = self.items[number].words
            weights = {w: 1 + math.log(n) for w, n in Counter(terms(words)).items()}
            self._features[number] = (weights, _shingles(words))
        return self._features[number]


def terms(words: tuple[str, ...]) -> list[str]:
    """The content words of a text: no stop words, none shorter than three letters."""
    return [w for w in words if w not in _STOP and len(w) > 2]


def signatures_cache(root: Path) -> Signatures:
    """The project's signature cache (build/ingest/minhash.bin)."""
    return Signatures(root / CACHE)


class _Query:
    """An incoming text, ready to be scored against known items.

    The IDF counts the known items and the incoming text, as if the text were one of them:
    log((1 + documents) / (1 + frequency)) + 1; the logarithms of the known frequencies are
    kept by the corpus between calls (`logs`), so a call mostly looks them up.
    """

    def __init__(self, words: tuple[str, ...], frequency: Counter, logs: dict[str, float], documents: int) -> None:
        self.counts = Counter(terms(words))
        self.frequency = frequency
        self.logs = logs
        self.top = math.log(1 + documents) + 1
        self.idf = {w: self.top - math.log(2 + frequency[w]) for w in self.counts}
        self.vector = {w: (1 + math.log(n)) * self.idf[w] for w, n in self.counts.items()}
        self.norm = math.sqrt(sum(v * v for v in self.vector.values()))
        self.shingles = _shingles(words)

    def score(self, weights: dict[str, float], shingles: set[int]) -> float:
        """The largest of cosine, Jaccard index and containment with one item."""
        return max(self._cosine(weights), *_overlap(self.shingles, shingles))

    def _cosine(self, weights: dict[str, float]) -> float:
        """Cosine of TF-IDF vectors; an item's weights are 1 + log(count), times IDF here."""
        idf, vector, logs, top = self.idf, self.vector, self.logs, self.top
        dot = square = 0.0
        for word, weight in weights.items():
            factor = idf.get(word)
            if factor is None:
                known = logs.get(word)
                if known is None:
                    known = logs[word] = math.log(1 + self.frequency[word])
                factor = top - known
            value = weight * factor
            square += value * value
            if word in vector:
                dot += value * vector[word]
        return dot / (self.norm * math.sqrt(square)) if self.norm and square else 0.0


def _shingles(words: tuple[str, ...]) -> set[int]:
    """The text's 3-word shingles, hashed (a run compares them only with each other)."""
    return {hash(words[i:i + 3]) for i in range(max(0, len(words) - 2))}


def _overlap(a: set[int], b: set[int]) -> tuple[float, float]:
    """(Jaccard index, containment): shared shingles over all, and over the smaller set.

    Containment is 0 when the smaller set is too short to tell (MIN_CONTAINED).
    """
    if not a or not b:
        return 0.0, 0.0
    shared = len(a & b)
    smaller = min(len(a), len(b))
    return shared / (len(a) + len(b) - shared), (shared / smaller if smaller >= MIN_CONTAINED else 0.0)
