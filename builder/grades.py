"""The Admiralty code: source reliability A–F and information credibility 1–6, in one table each.

Validation, the model's grade, tooltips, the legend page and the PDF read the words from here.
"""
from __future__ import annotations

RELIABILITY: dict[str, str] = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
RELIABILITY_MEANING: dict[str, str] = {
    "A": "no doubt of authenticity, trustworthiness or competency; a history of complete reliability",
    "B": "minor doubt; a history of valid information most of the time",
    "C": "doubt; has provided valid information in the past",
    "D": "significant doubt; has provided valid information in the past",
    "E": "lacking authenticity, trustworthiness and competency; a history of invalid information",
    "F": "no basis exists for judging the source's reliability (an unknown outlet, for example)",
}
CREDIBILITY: dict[int, str] = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}
CREDIBILITY_MEANING: dict[int, str] = {
    1: "confirmed by other independent sources; logical in itself; consistent with other information",
    2: "not confirmed; logical in itself; consistent with other information on the subject",
    3: "not confirmed; reasonably logical in itself; agrees with some other information",
    4: "not confirmed; possible but not logical; no other information on the subject",
    5: "not confirmed; not logical in itself; contradicted by other information",
    6: "no basis exists for evaluating the validity of the information",
}
UNGRADED_RELIABILITY = "F"
UNGRADED_CREDIBILITY = 6
RELIABILITY_SCALE = " · ".join(f"{k} {v.replace('reliability cannot', 'cannot')}" for k, v in RELIABILITY.items())
CREDIBILITY_SCALE = " · ".join(f"{k} {v.replace('truth cannot', 'cannot')}" for k, v in CREDIBILITY.items())


def parse_reliability(value: object) -> str:
    """A letter A–F (any case); ValueError with the whole scale."""
    text = str(value).strip().upper() if isinstance(value, str) else ""
    if text in RELIABILITY:
        return text
    shown = value if isinstance(value, str) else repr(value)
    raise ValueError(f"expected a letter A–F ({RELIABILITY_SCALE}), received '{shown}'")


def parse_credibility(value: object) -> int:
    """A number 1–6; ValueError with the whole scale."""
    if isinstance(value, int) and not isinstance(value, bool) and value in CREDIBILITY:
        return value
    if isinstance(value, str) and value.strip().isdigit() and int(value) in CREDIBILITY:
        return int(value)
    raise ValueError(f"expected a number 1–6 ({CREDIBILITY_SCALE}), received '{value}'")


def letter_rank(letter: str) -> int:
    """0 for A … 5 for F; an ungraded source counts as F."""
    return "ABCDEF".index(letter or UNGRADED_RELIABILITY)


def describe(letter: str, credibility: int | None) -> str:
    """'Grade B2. Source: usually reliable (B). Information: probably true (2).': a grade's tooltip."""
    letter = letter or UNGRADED_RELIABILITY
    number = credibility or UNGRADED_CREDIBILITY
    return f"Grade {letter}{number}. Source: {RELIABILITY[letter]} ({letter}). Information: {CREDIBILITY[number]} ({number})."
