"""Near-duplicate candidates at scale: MinHash signatures in an LSH index (datasketch), cached under build/.

Scoring an incoming article against every known note costs time in proportion to the brief;
instead each note and draft gets a MinHash signature of its content words, kept in an LSH
index, and only the items that share a bucket with the article (the most similar first, at
most CANDIDATES) are scored in full. Signatures are cached in build/ingest/minhash.bin,
keyed by the content hash of the words they were made from, so a run computes only those
of notes that are new or changed. The cache is safe to delete (it is rebuilt), and written
deterministically: entries sorted by key, no clock, only when it changed. datasketch (and
the numpy and scipy it imports, seconds on a busy machine) is imported only when a brief
is large enough to need it.
"""
from __future__ import annotations

import hashlib
import logging
import struct
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..write import atomic_write

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

NUM_PERM = 128
SEED = 1
SCHEME = "affine32"
# Content-word Jaccard from which items share a bucket: a rewrite of one story by another
# outlet measures about 0.3, unrelated notes of one brief mostly below 0.2, a text padded
# to twice its length 0.5.
THRESHOLD = 0.2
CANDIDATES = 40  # items scored in full per article; below this many known items, all are
CACHE = Path("build") / "ingest" / "minhash.bin"
_MAGIC = f"brief-minhash 1 {SCHEME} perm={NUM_PERM} seed={SEED} terms=1\n".encode("ascii")
_KEY = 32  # bytes of a SHA-256 digest
_ROW = NUM_PERM * 4  # bytes of a signature (uint32)


def terms_key(terms: Iterable[str]) -> bytes:
    """The content hash a signature is cached under: of the distinct terms, in order."""
    return hashlib.sha256("\n".join(sorted(set(terms))).encode("utf-8")).digest()


class Signatures:
    """MinHash signatures by content hash: those read from the cache, and those made this run."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._cached: dict[bytes, np.ndarray] | None = None  # read when first needed
        self.used: dict[bytes, np.ndarray] = {}
        self.computed = 0
        self._permutations = None

    @property
    def cached(self) -> dict[bytes, np.ndarray]:
        if self._cached is None:
            self._cached = _read(self.path) if self.path else {}
        return self._cached

    def of(self, terms: Iterable[str], *, keep: bool = True) -> np.ndarray:
        """The signature of a set of terms (kept for the cache when `keep`)."""
        distinct = sorted(set(terms))
        key = terms_key(distinct)
        signature = self.used.get(key)
        if signature is None:
            signature = self.cached.get(key)
        if signature is None:
            from datasketch import MinHash
            if self._permutations is None:
                self._permutations = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations
            minhash = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=self._permutations, scheme=SCHEME)
            minhash.update_batch([t.encode("utf-8") for t in distinct])
            signature = minhash.hashvalues.astype("<u4")
            self.computed += 1
        if keep:
            self.used[key] = signature
        return signature

    def save(self) -> None:
        """Write the signatures used this run (stale ones are dropped), only when that changes the file."""
        if self.path is None or (self.used.keys() == self.cached.keys() and self.path.exists()):
            return
        data = b"".join([_MAGIC, struct.pack("<I", len(self.used))] +
                        [key + self.used[key].astype("<u4").tobytes() for key in sorted(self.used)])
        atomic_write(self.path, data)


def _read(path: Path) -> dict[bytes, np.ndarray]:
    """The cached signatures; none (so all are recomputed) when the file is missing, old or damaged."""
    import numpy as np
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    start = len(_MAGIC) + 4
    if not data.startswith(_MAGIC) or len(data) < start:
        log.info("%s: not a signature cache of this version; it will be rebuilt", path)
        return {}
    (count,) = struct.unpack_from("<I", data, len(_MAGIC))
    if len(data) != start + count * (_KEY + _ROW):
        log.info("%s: damaged; it will be rebuilt", path)
        return {}
    out = {}
    for number in range(count):
        offset = start + number * (_KEY + _ROW)
        out[data[offset:offset + _KEY]] = np.frombuffer(data, dtype="<u4", count=NUM_PERM, offset=offset + _KEY)
    return out


class Index:
    """Known items' signatures in an LSH index; the items most like an incoming text."""

    def __init__(self, signatures: Signatures) -> None:
        import numpy as np
        from datasketch import MinHashLSH
        self.signatures = signatures
        self.lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        self.matrix = np.zeros((1024, NUM_PERM), dtype="<u4")  # row n: item n's signature, to rank candidates

    def add(self, number: int, terms: Iterable[str]) -> None:
        terms = list(terms)
        if not terms:
            return  # no content words: nothing to resemble
        signature = self.signatures.of(terms)
        if number >= len(self.matrix):
            import numpy as np
            self.matrix = np.concatenate([self.matrix, np.zeros_like(self.matrix)])
        self.matrix[number] = signature
        self.lsh.insert(number, _lean(signature), check_duplication=False)

    def candidates(self, terms: Iterable[str], limit: int = CANDIDATES) -> list[int]:
        """Up to `limit` items sharing an LSH bucket with the terms: most shared MinHash values first, then by number."""
        import numpy as np
        terms = list(terms)
        if not terms:
            return []
        signature = self.signatures.of(terms, keep=False)
        found = np.sort(np.fromiter(self.lsh.query(_lean(signature)), dtype=np.int64))
        if len(found) <= limit:
            return found.tolist()
        shared = (self.matrix[found] == signature).sum(axis=1)
        return found[np.lexsort((found, -shared))[:limit]].tolist()


def _lean(signature: np.ndarray):
    from datasketch import LeanMinHash
    return LeanMinHash(seed=SEED, hashvalues=signature, scheme=SCHEME)
