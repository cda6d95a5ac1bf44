"""ICD 203 estimative language: the two likelihood scales, the confidence levels, and checks on prose.

One table (ICD 203, "Analytic Standards", section D.6.e): each row is one band of probability
with its term in the main scale and in the alternative scale. Validation, the legend page,
judgement pages and the PDF all read it from here.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

# (main scale, alternative scale, probability band)
LIKELIHOOD: tuple[tuple[str, str, str], ...] = (
    ("almost no chance", "remote", "1–5 %"),
    ("very unlikely", "highly improbable", "5–20 %"),
    ("unlikely", "improbable", "20–45 %"),
    ("roughly even chance", "roughly even odds", "45–55 %"),
    ("likely", "probable", "55–80 %"),
    ("very likely", "highly probable", "80–95 %"),
    ("almost certain", "nearly certain", "95–99 %"),
)
MAIN, ALTERNATIVE = "main", "alternative"
SCALES: dict[str, tuple[str, ...]] = {MAIN: tuple(r[0] for r in LIKELIHOOD), ALTERNATIVE: tuple(r[1] for r in LIKELIHOOD)}
SCALE_NAMES = {MAIN: "almost no chance … almost certain", ALTERNATIVE: "remote … nearly certain"}

CONFIDENCE: tuple[tuple[str, str], ...] = (
    ("low", "the information is scant, questionable, fragmented or poorly corroborated, or its sources are doubtful"),
    ("moderate", "the information is credibly sourced and plausible, but not of a quality or corroboration "
                 "that would warrant a higher level"),
    ("high", "the judgement rests on high-quality information from several independent sources, "
             "or the nature of the issue makes a solid judgement possible"),
)
CONFIDENCE_LEVELS = tuple(level for level, _ in CONFIDENCE)

# How the terms appear in prose ("almost certainly", "probably"): form -> the term of the scale.
_FORMS = {**{t: t for scale in SCALES.values() for t in scale if t != "remote"},
          "almost certainly": "almost certain", "nearly certainly": "nearly certain",
          "probably": "probable", "improbably": "improbable", "highly probably": "highly probable"}
_TERM = re.compile(r"(?<![\w-])(" + "|".join(re.escape(f) for f in sorted(_FORMS, key=len, reverse=True)) + r")(?![\w-])",
                   re.IGNORECASE)
_CONFIDENCE = re.compile(r"\b(?:low|moderate|medium|high)(?:[- ]level)?\s+confidence\b"
                         r"|\bconfidence\s+(?:is|was|remains|stays)\s+(?:low|moderate|medium|high)\b", re.IGNORECASE)
# Intensified or stacked estimative words that are on neither scale ("highly possible", "probably likely").
_WORDS = r"possible|possibly|likely|unlikely|probable|probably|improbable|certain|certainly|plausible"
_OFF_SCALE = re.compile(
    rf"(?<![\w-])(?:(?:highly|very|quite|fairly|rather|somewhat|extremely|pretty|really|reasonably|entirely|almost|nearly)"
    rf"\s+(?:{_WORDS})|(?:probably|possibly|likely|perhaps|maybe)\s+(?:likely|unlikely|probable|possible|certain))(?![\w-])",
    re.IGNORECASE)
_ALLOWED = {"very likely", "very unlikely", "highly probable", "highly improbable", "almost certain", "almost certainly",
            "nearly certain", "nearly certainly", "highly probably"}
_QUOTED = re.compile(r"\"[^\"\n]*\"|“[^”\n]*”")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n")


def scale_of(term: str) -> str:
    """'main' or 'alternative' for a term of a scale."""
    return MAIN if term in SCALES[MAIN] else ALTERNATIVE


def band(term: str) -> int:
    """The row of the table a term belongs to, 0 (almost no chance) to 6 (almost certain)."""
    return SCALES[scale_of(term)].index(term)


def in_scale(term: str, scale: str) -> str:
    """The same band's term in the other (or the same) scale."""
    return SCALES[scale][band(term)]


def probability(term: str) -> str:
    return LIKELIHOOD[band(term)][2]


def normalize(value: str) -> str:
    return " ".join(value.casefold().split())


def parse_likelihood(value: str) -> str:
    """A term of either scale, any case; ValueError naming both scales and the closest term."""
    text = normalize(value)
    if text in SCALES[MAIN] or text in SCALES[ALTERNATIVE]:
        return text
    if text in _FORMS:  # 'probably' for 'probable', 'almost certainly' for 'almost certain'
        raise ValueError(f"'{value}' is how the term reads in a sentence; write the term itself. "
                         f"Did you mean '{_FORMS[text]}'?")
    close = difflib.get_close_matches(text, [*SCALES[MAIN], *SCALES[ALTERNATIVE]], n=1, cutoff=0.5)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    raise ValueError(f"'{value}' is not an ICD 203 likelihood term; use one of {', '.join(SCALES[MAIN])} "
                     f"(or the alternative scale {', '.join(SCALES[ALTERNATIVE])}).{hint}")


def parse_confidence(value: str) -> str:
    text = normalize(value).removesuffix(" confidence")
    if text in CONFIDENCE_LEVELS:
        return text
    close = difflib.get_close_matches(text, [*CONFIDENCE_LEVELS, "medium"], n=1, cutoff=0.5)
    hint = f" Did you mean '{'moderate' if close and close[0] == 'medium' else close[0]}'?" if close else ""
    raise ValueError(f"'{value}' is not a confidence level; use low, moderate or high.{hint}")


@dataclass(frozen=True, slots=True)
class Finding:
    """Something in prose that ICD 203 advises against, with its line (1-based, within the text)."""

    line: int
    text: str
    message: str


def terms_in(text: str) -> list[tuple[str, str]]:
    """(as written, the scale's term) for each likelihood term a text uses outside quotations, in order."""
    return [(m.group(1), _FORMS[m.group(1).casefold()]) for m in _TERM.finditer(_unquoted(text))]


def _unquoted(text: str) -> str:
    """Quotations blanked out (same length, same lines): a source's own words are not ours to fix."""
    return _QUOTED.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def off_scale(text: str) -> list[Finding]:
    """Estimative phrases on neither scale: 'highly possible', 'probably likely', 'fairly certain'."""
    found = []
    clean = _unquoted(text)
    for match in _OFF_SCALE.finditer(clean):
        phrase = " ".join(match.group(0).split())
        if phrase.casefold() in _ALLOWED:
            continue
        suggestion = _suggest(phrase.casefold())
        found.append(Finding(_line(clean, match.start()), phrase,
                             f"'{phrase}' is not an ICD 203 likelihood term; say how likely with one term of the "
                             f"scale ({', '.join(SCALES[MAIN])}).{f' Did you mean {suggestion!r}?' if suggestion else ''}"))
    return found


def _suggest(phrase: str) -> str:
    words = phrase.split()
    last = words[-1]
    if words[0] in ("probably", "possibly", "likely", "perhaps", "maybe"):  # stacked: keep the last word's band
        return {"likely": "likely", "probable": "likely", "unlikely": "unlikely", "certain": "almost certain",
                "possible": "roughly even chance"}.get(last, "")
    strong = words[0] in ("highly", "very", "extremely", "really", "entirely", "almost", "nearly")
    if last in ("likely", "probable", "probably"):
        return "very likely" if strong else "likely"
    if last in ("unlikely", "improbable"):
        return "very unlikely" if strong else "unlikely"
    if last in ("certain", "certainly"):
        return "almost certain"
    return ""


def mixed_sentences(text: str) -> list[Finding]:
    """Sentences that put a likelihood term and a confidence level together (ICD 203 keeps them apart)."""
    found = []
    clean = _unquoted(text)
    start = 0
    for end in [m.start() for m in _SENTENCE_END.finditer(clean)] + [len(clean)]:
        sentence = clean[start:end]
        term, level = _TERM.search(sentence), _CONFIDENCE.search(sentence)
        if term and level:
            found.append(Finding(_line(clean, start + len(sentence) - len(sentence.lstrip())),
                                 " ".join(sentence.split())[:80],
                                 f"one sentence says '{term.group(1)}' and '{level.group(0)}'; ICD 203 keeps "
                                 "likelihood and confidence apart: give the confidence in a sentence of its own"))
        start = end
    return found
