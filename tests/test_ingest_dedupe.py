"""Near-duplicates: a padded rewrite is flagged; at scale MinHash LSH picks the candidates, from a cache."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from builder.frontmatter import read
from builder.ingest import dedupe
from builder.ingest.dedupe import NEAR, Corpus, Known, words_of
from builder.ingest.lsh import CACHE, Signatures
from builder.content import check
from builder.ingest.pipeline import Inbox, ingest
from builder.ingest.text import read_article

FIX = Path(__file__).parent / "fixtures" / "ingest"


def words(name: str) -> tuple[str, ...]:
    a = read_article((FIX / name).read_text(encoding="utf-8"), name)
    return words_of(f"{a.title}\n{a.text}")


# --- a padded rewrite --------------------------------------------------------------------------
# scoop.txt is a short wire story; scoop-padded.txt is the shape of the sample's second copy of
# the Axios scoop: a new headline, page furniture, the story's sentences partly reworded and
# interleaved with as much commentary again, so cosine and Jaccard fall below the threshold.

def test_a_padded_rewrite_is_flagged(project: Path):
    ingest(project, [str(FIX / "scoop.txt")], progress=lambda m: None)
    report = ingest(project, [str(FIX / "scoop-padded.txt"), str(FIX / "dateline.txt")], progress=lambda m: None)
    assert report.count("created") == 2 and report.flagged == 1
    (flagged,) = [o for o in report.outcomes if o.near]
    assert flagged.origin == "scoop-padded.txt"
    assert flagged.near.startswith("content/inbox/the-united-states-has-told-the-iraqi-government")
    near = read(project / flagged.path).meta["ingest"]["near_duplicate"]
    assert near["of"] == flagged.near and NEAR <= near["score"] < 0.6


def test_containment_is_what_flags_it(project: Path, monkeypatch: pytest.MonkeyPatch):
    inbox = Inbox(check(project))
    inbox.corpus.add(Known("scoop.txt", "scoop", frozenset(), words("scoop.txt")))
    padded = words("scoop-padded.txt")
    assert len(padded) > 2.5 * len(words("scoop.txt"))
    item, score = inbox.corpus.nearest(padded)
    assert item.path == "scoop.txt" and score >= NEAR
    monkeypatch.setattr(dedupe, "MIN_CONTAINED", 10**9)  # cosine and Jaccard alone, as before
    assert inbox.corpus.nearest(padded)[1] < NEAR


def test_containment_needs_a_few_sentences():
    shared = words_of("Prime Minister Mohammed Shia al-Sudani said on Sunday that Iraq would not be a launchpad")
    corpus = Corpus()
    corpus.add(Known("long.md", "long", frozenset(), words("dateline.txt") + shared + words("furniture.txt")))
    assert len(shared) - 2 < dedupe.MIN_CONTAINED
    assert corpus.nearest(shared)[1] < NEAR  # every shingle is in the note, but one sentence proves nothing


# --- at scale: LSH candidates ------------------------------------------------------------------

_SYLLABLES = ("ba", "ki", "mu", "ta", "ro", "se", "di", "fa", "lan", "rek", "sum", "tor", "vin", "dal", "mir", "ush",
              "ek", "zo", "pa", "gi")
VOCABULARY = [a + b + c for a in _SYLLABLES for b in _SYLLABLES for c in _SYLLABLES]  # 8,000 words
_WEIGHTS = [1 / (rank + 1) for rank in range(len(VOCABULARY))]


def story(rng: random.Random, length: int = 220) -> str:
    """A text of pseudo-words, frequent words more often (a Zipf-like draw)."""
    return " ".join(rng.choices(VOCABULARY, _WEIGHTS, k=length))


def corpus_of(texts: list[str], candidates: int, cache: Path | None = None) -> Corpus:
    corpus = Corpus(signatures=Signatures(cache), candidates=candidates)
    for number, text in enumerate(texts):
        corpus.add(Known(f"content/notes/n{number:04d}.md", f"n{number:04d}", frozenset(), words_of(text)))
    return corpus


def rewrite(rng: random.Random, text: str, keep: float) -> str:
    """Another outlet's copy: a share of the words kept in place, the rest replaced, some added."""
    out = [w if rng.random() < keep else rng.choice(VOCABULARY) for w in text.split()]
    return " ".join(out + story(rng, 40).split())


def test_lsh_finds_what_scoring_everything_finds():
    rng = random.Random(3)
    texts = [story(rng) for _ in range(400)]
    lsh, everything = corpus_of(texts, candidates=20), corpus_of(texts, candidates=10**9)
    for number in range(0, 400, 40):
        incoming = words_of(rewrite(rng, texts[number], keep=0.7))
        found, score = lsh.nearest(incoming)
        assert found is not None and found.path == f"content/notes/n{number:04d}.md" and score >= NEAR
        assert (found, score) == everything.nearest(incoming)
    unrelated = words_of(story(rng))
    assert lsh.nearest(unrelated)[1] < NEAR
    assert len(lsh._index.candidates(dedupe.terms(unrelated), 20)) == 20  # never more are scored in full


def test_signatures_are_cached_by_content_hash_and_the_cache_is_safe_to_delete(tmp_path: Path):
    rng = random.Random(5)
    texts = [story(rng) for _ in range(60)]
    cache = tmp_path / CACHE
    query = words_of(rewrite(rng, texts[7], keep=0.8))

    first = corpus_of(texts, candidates=10, cache=cache)
    expected = first.nearest(query)
    first.save()
    assert first.signatures.computed == 61 and cache.is_file()  # 60 known items and the incoming text
    saved = cache.read_bytes()

    again = corpus_of(texts, candidates=10, cache=cache)
    assert again.nearest(query) == expected and again.signatures.computed == 1  # only the incoming text
    again.save()
    assert cache.read_bytes() == saved

    texts[3] = story(rng)  # one note edited: one new signature, the old one dropped from the cache
    edited = corpus_of(texts, candidates=10, cache=cache)
    edited.nearest(query)
    assert edited.signatures.computed == 2
    edited.save()
    assert cache.stat().st_size == len(saved)

    cache.write_bytes(saved[: len(saved) // 2])  # damaged: rebuilt, same answer
    damaged = corpus_of(texts[:3] + [texts[3]] + texts[4:], candidates=10, cache=cache)
    assert damaged.nearest(query)[0].path == expected[0].path and damaged.signatures.computed == 61
    cache.unlink()
    rebuilt = corpus_of(texts, candidates=10, cache=cache)
    rebuilt.nearest(query)
    rebuilt.save()
    edited_bytes = cache.read_bytes()
    cache.unlink()
    twice = corpus_of(texts, candidates=10, cache=cache)
    twice.nearest(query)
    twice.save()
    assert cache.read_bytes() == edited_bytes  # deterministic: same notes, same bytes


def test_ingest_keeps_the_cache_under_build(empty_project: Path):
    rng = random.Random(9)
    notes = empty_project / "content" / "notes" / "2024"
    notes.mkdir(parents=True)
    for number in range(60):
        (notes / f"note-{number:02d}.md").write_text(
            f"---\ntitle: Note {number}\ndate: 2024-01-01\n---\n{story(rng)}\n", encoding="utf-8")
    article = empty_project / "article.txt"
    article.write_text("A copy of note five\n\n" + (notes / "note-05.md").read_text().split("---\n")[2], encoding="utf-8")
    report = ingest(empty_project, [str(article)], progress=lambda m: None)
    assert report.outcomes[0].near == "content/notes/2024/note-05.md"
    assert (empty_project / "build" / "ingest" / "minhash.bin").is_file()
