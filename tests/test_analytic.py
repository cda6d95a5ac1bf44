"""The analytic layer, checked: grades, independent sources, disputes, ICD 203 words and key judgements.

One small broken file per rule with its exact message, then unit tests of the scales, the model's
grade and the ranking on the sample brief.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from builder import estimative, grades
from builder.build import checked_index
from conftest import brief, write_note

RELIABILITY = ("A completely reliable · B usually reliable · C fairly reliable · D not usually reliable · "
               "E unreliable · F cannot be judged")
CREDIBILITY = ("1 confirmed by other sources · 2 probably true · 3 possibly true · 4 doubtful · 5 improbable · "
               "6 cannot be judged")
MAIN = "almost no chance, very unlikely, unlikely, roughly even chance, likely, very likely, almost certain"


def note(*, sources: str = "", extra: str = "", credibility: str = "credibility: 2\n", body: str = "What happened.") -> str:
    """A valid note (lines: 2 title, 3 date, 4 sources, 5–7 the first citation, then `sources`, `extra`,
    credibility; the body starts on line 10 when `sources` and `extra` are empty)."""
    return ("---\ntitle: A test development\ndate: 2024-11-05\nsources:\n  - name: Axios\n"
            "    url: https://www.axios.com/2024/11/05/test-development\n    published: 2024-11-05\n"
            f"{sources}{extra}{credibility}---\n{body}\n")


def judgement(*, title: str = "Israel will likely strike armed groups inside Iraq", likelihood: str = "likely",
              confidence: str = "moderate", supports: str = "supports: [israel-letter-to-un-warns-of-attacks-from-iraq]\n",
              body: str = "**Reasoning.** The letter to the UN.\n\n**Indicators to watch.** Strikes.") -> str:
    """A valid judgement (lines: 2 title, 3 likelihood, 4 confidence, 5 supports, 6 date; the body from line 8)."""
    return (f"---\ntitle: {title}\nlikelihood: {likelihood}\nconfidence: {confidence}\n{supports}date: 2024-11-27\n"
            f"---\n{body}\n")


def write(root: Path, relative: str, text: str) -> None:
    path = root / "content" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def check(root: Path) -> tuple[int, list[str]]:
    done = brief(root, "check")
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stderr.splitlines()


ERRORS = {
    "credibility off the scale": (
        "notes/2024/t.md", note(credibility="credibility: 7\n"),
        f"content/notes/2024/t.md:8: credibility: expected a number 1–6 ({CREDIBILITY}), received '7'"),
    "a citation's reliability off the scale": (
        "notes/2024/t.md", note(sources="    reliability: G\n"),
        f"content/notes/2024/t.md:8: sources[0].reliability: expected a letter A–F ({RELIABILITY}), received 'G'"),
    "relays an unknown source": (
        "notes/2024/t.md", note(sources="  - name: Unidentified outlet\n    relays: Axois\n    archived: \"analysts' archive, item 9\"\n"
                                        "    published: undated\n"),
        "content/notes/2024/t.md:9: sources[1].relays: unknown source 'Axois'. Did you mean 'Axios'?"),
    "relays its own source": (
        "notes/2024/t.md", note(sources="    relays: Axios\n"),
        "content/notes/2024/t.md:8: sources[0].relays: 'Axios' is the citation's own source; remove 'relays', or name "
        "the source whose reporting the article repeats"),
    "disputed by an unknown name": (
        "notes/2024/t.md", note(extra="disputed:\n  claim: The date.\n  by: [Soufan Centre]\n"),
        "content/notes/2024/t.md:10: disputed.by[0]: unknown source, actor or country 'Soufan Centre'. "
        "Did you mean 'The Soufan Center'?"),
    "disputed citation out of range": (
        "notes/2024/t.md", note(extra="disputed:\n  claim: The date.\n  citation: 3\n"),
        "content/notes/2024/t.md:10: disputed.citation: expected the number of the disputed citation, 1 to 1 in the "
        "order of 'sources:', received '3'"),
    "see_also an unknown note": (
        "notes/2024/t.md", note(extra="see_also: [sudani-visits-tehran-khamenei-raissi]\n"),
        "content/notes/2024/t.md:8: see_also[0]: unknown note 'sudani-visits-tehran-khamenei-raissi'. "
        "Did you mean 'sudani-visits-tehran-khamenei-raisi'?"),
    "see_also the note itself": (
        "notes/2024/t.md", note(extra="see_also: [t]\n"),
        "content/notes/2024/t.md:8: see_also[0]: is the note itself; remove it"),
    "a source's reliability off the scale": (
        "sources/reuters.md", "---\nname: Reuters\nkind: outlet\nreliability: G\n---\nA wire service.\n",
        f"content/sources/reuters.md:4: reliability: expected a letter A–F ({RELIABILITY}), received 'G'"),
    "likelihood off the scale": (
        "judgements/j.md", judgement(title="Israel will strike armed groups inside Iraq", likelihood="likley"),
        f"content/judgements/j.md:3: likelihood: 'likley' is not an ICD 203 likelihood term; use one of {MAIN} (or the "
        "alternative scale remote, highly improbable, improbable, roughly even odds, probable, highly probable, "
        "nearly certain). Did you mean 'likely'?"),
    "likelihood written as in a sentence": (
        "judgements/j.md", judgement(title="Israel will strike armed groups inside Iraq", likelihood="probably"),
        "content/judgements/j.md:3: likelihood: 'probably' is how the term reads in a sentence; write the term itself. "
        "Did you mean 'probable'?"),
    "confidence off the scale": (
        "judgements/j.md", judgement(confidence="medium"),
        "content/judgements/j.md:4: confidence: 'medium' is not a confidence level; use low, moderate or high. "
        "Did you mean 'moderate'?"),
    "supports an unknown note": (
        "judgements/j.md", judgement(supports="supports: [israel-letter-to-un-warns-of-attack-from-iraq]\n"),
        "content/judgements/j.md:5: supports[0]: unknown note 'israel-letter-to-un-warns-of-attack-from-iraq'. "
        "Did you mean 'israel-letter-to-un-warns-of-attacks-from-iraq'?"),
    "supports missing": (
        "judgements/j.md", judgement(supports=""),
        "content/judgements/j.md:1: supports: missing; add 'supports: [note-slug, …]' naming the notes the judgement "
        "rests on"),
    "supports empty": (
        "judgements/j.md", judgement(supports="supports: []\n"),
        "content/judgements/j.md:5: supports: is empty; list at least one note the judgement rests on"),
}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_each_analytic_error_has_its_exact_message(project: Path, case: str) -> None:
    where, text, expected = ERRORS[case]
    write(project, where, text)
    code, lines = check(project)
    assert code == 1
    assert lines[0] == expected
    assert lines[-1].startswith("1 error, ")


WARNINGS = {
    "missing credibility": (
        "notes/2024/t.md", note(credibility=""),
        f"content/notes/2024/t.md:2: credibility: (warning) missing; grade the information 'credibility: 1'–'6' "
        f"({CREDIBILITY}); it is shown as 6 until then"),
    "confirmed, but by a copy of the same story": (
        "notes/2024/t.md", note(sources="  - name: Unidentified outlet\n    relays: Axios\n    reliability: E\n"
                                        "    archived: \"analysts' archive, item 9\"\n    published: undated\n",
                                credibility="credibility: 1\n"),
        "content/notes/2024/t.md:13: credibility: (warning) 1 means confirmed by other sources, but the note has one "
        "independent source (Axios; a 'via' carrier or a copy that 'relays' it is the same reporting); use 2 (probably "
        "true) or cite the confirming source"),
    "the outlet's home page as the article": (
        "notes/2024/t.md", note().replace("https://www.axios.com/2024/11/05/test-development", "https://www.axios.com/"),
        "content/notes/2024/t.md:6: sources[0].url: (warning) 'https://www.axios.com/' is the outlet's home page, not "
        "the article; give the article's address, or replace 'url' by 'archived: …' naming the analysts' copy in "
        "plain words"),
    "an archive file name": (
        "notes/2024/t.md", note(sources="    archived: \"analyst archive, item 003_98d6448b1426c4f9\"\n"),
        "content/notes/2024/t.md:8: sources[0].archived: (warning) 'analyst archive, item 003_98d6448b1426c4f9' reads "
        "as a file name; readers see this line, so say where the copy is kept in plain words, e.g. 'analysts' archive, "
        "item 3'"),
    "a made-up headline": (
        "notes/2024/t.md", note(sources="    title: \"Iraq caught between Iran and the US (no headline in the saved copy)\"\n"),
        "content/notes/2024/t.md:8: sources[0].title: (warning) is not a headline; when the saved copy has none, leave "
        "'title' out (the citation then shows the archived copy and its date)"),
    "an off-scale likelihood in a note's body": (
        "notes/2024/t.md", note(body="First paragraph.\n\nA strike is highly possible before May."),
        f"content/notes/2024/t.md:12: body: (warning) 'highly possible' is not an ICD 203 likelihood term; say how "
        f"likely with one term of the scale ({MAIN})."),
    "stacked likelihood words": (
        "notes/2024/t.md", note(body="Iran will probably likely answer."),
        f"content/notes/2024/t.md:10: body: (warning) 'probably likely' is not an ICD 203 likelihood term; say how "
        f"likely with one term of the scale ({MAIN}). Did you mean 'likely'?"),
    "likelihood and confidence in one sentence of a note": (
        "notes/2024/t.md", note(body="We judge it likely, with moderate confidence, that Iran answers."),
        "content/notes/2024/t.md:10: body: (warning) one sentence says 'likely' and 'moderate confidence'; ICD 203 keeps "
        "likelihood and confidence apart: give the confidence in a sentence of its own"),
    "a source without a reliability": (
        "sources/reuters.md", "---\nname: Reuters\nkind: outlet\n---\nA wire service.\n",
        f"content/sources/reuters.md:2: reliability: (warning) missing; grade the source 'reliability: A'–'F' "
        f"({RELIABILITY}); it is shown as F until then"),
    "a reliability on an actor": (
        "actors/reuters-desk.md", "---\nname: Reuters desk\nkind: person\nreliability: B\n---\nA person.\n",
        "content/actors/reuters-desk.md:4: reliability: (warning) only sources are graded for reliability; remove this line"),
    "both ICD 203 scales in one brief": (
        "judgements/j.md", judgement(title="Israel will strike armed groups inside Iraq", likelihood="highly probable"),
        "content/judgements/j.md:3: likelihood: (warning) 'highly probable' is from the ICD 203 scale remote … nearly "
        "certain, but the brief's other judgements use almost no chance … almost certain; use one scale throughout: "
        "'very likely'"),
    "a title that says another likelihood": (
        "judgements/j.md", judgement(title="Israel will very likely strike armed groups inside Iraq"),
        "content/judgements/j.md:2: title: (warning) says 'very likely' but likelihood is 'likely'; make them agree"),
    "a title in the other scale's words": (
        "judgements/j.md", judgement(title="Israel will probably strike armed groups inside Iraq"),
        "content/judgements/j.md:2: title: (warning) says 'probably' but likelihood is 'likely': the same band from the "
        "other ICD 203 scale; use the words of one scale ('likely')"),
    "likelihood and confidence in one sentence of a judgement": (
        "judgements/j.md", judgement(body="First.\n\nIt is likely, and we have high confidence in it, that Israel strikes."),
        "content/judgements/j.md:10: body: (warning) one sentence says 'likely' and 'high confidence'; ICD 203 keeps "
        "likelihood and confidence apart: give the confidence in a sentence of its own"),
    "high confidence on single-source notes": (
        "judgements/j.md", judgement(confidence="high"),
        "content/judgements/j.md:4: confidence: (warning) 'high' rests only on single-source notes; corroborate it or "
        "say 'moderate'"),
    "a judgement without reasoning": (
        "judgements/j.md", judgement(body=""),
        "content/judgements/j.md:1: (warning) the judgement has no body; write the reasoning and the indicators that "
        "would change it"),
}


@pytest.mark.parametrize("case", sorted(WARNINGS))
def test_each_analytic_warning_has_its_exact_message(project: Path, case: str) -> None:
    where, text, expected = WARNINGS[case]
    write(project, where, text)
    code, lines = check(project)
    assert code == 0
    assert lines == [expected, "0 errors, 1 warning in 1 file"]
    assert brief(project, "check", "--strict").returncode == 1


def test_a_draft_in_supports_is_named_as_a_draft(project: Path) -> None:
    write(project, "inbox/militia-drone-claim.md", note())
    write(project, "judgements/j.md", judgement(supports="supports: [militia-drone-claim]\n"))
    code, lines = check(project)
    assert code == 1
    assert ("content/judgements/j.md:5: supports[0]: 'militia-drone-claim' is a draft (content/inbox/militia-drone-claim.md), "
            "not a published note; promote it first (brief promote militia-drone-claim) or remove it") in lines


def test_quotations_and_scale_terms_are_not_flagged(project: Path) -> None:
    body = ('Axios called it "highly likely". Officials said it was very likely; an attack is almost certainly '
            "coming, and most likely in May.\n\nWe have moderate confidence in the count.")
    write(project, "notes/2024/t.md", note(body=body))
    assert check(project) == (0, [])


def test_two_independent_sources_may_confirm(project: Path) -> None:
    other = "  - name: The Soufan Center\n    via: Shafaq News\n    archived: \"analysts' archive, item 9\"\n    published: 2024-11-27\n"
    write(project, "notes/2024/t.md", note(sources=other, credibility="credibility: 1\n"))
    assert check(project) == (0, [])


# --- the scales and the model ------------------------------------------------------------------

def test_the_icd_203_table_has_two_scales_of_seven_bands() -> None:
    assert len(estimative.SCALES["main"]) == len(estimative.SCALES["alternative"]) == 7
    assert estimative.in_scale("probable", "main") == "likely"
    assert estimative.in_scale("very unlikely", "alternative") == "highly improbable"
    assert estimative.probability("roughly even odds") == "45–55 %"
    assert [f.text for f in estimative.off_scale("quite likely, fairly certain, highly possible, very likely")] == [
        "quite likely", "fairly certain", "highly possible"]
    assert estimative.terms_in("It will almost certainly rain and probably snow") == [
        ("almost certainly", "almost certain"), ("probably", "probable")]


def test_grades_parse_and_describe() -> None:
    assert grades.parse_reliability("b") == "B" and grades.parse_credibility(3) == 3
    with pytest.raises(ValueError, match="expected a number 1–6"):
        grades.parse_credibility(True)
    assert grades.describe("", None) == ("Grade F6. Source: reliability cannot be judged (F). "
                                          "Information: truth cannot be judged (6).")


@pytest.fixture(scope="module")
def sample(built: Path):
    return checked_index(built)[1]


def notes_by_slug(index) -> dict:
    return {n.slug: n for n in index.notes}


def test_a_copy_that_relays_a_source_is_that_source_and_graded_for_what_it_is(sample) -> None:
    warned = notes_by_slug(sample)["us-warns-sudani-cannot-hold-israel-back"]
    assert len(warned.sources) == 2
    assert [t.name for t in warned.independent_sources] == ["Axios"]
    assert warned.single_source and warned.grade == "B2"
    rewrite = warned.sources[1]
    assert rewrite.source.name == "Unidentified outlet" and rewrite.relays.name == "Axios" and rewrite.reliability == "E"
    plans = notes_by_slug(sample)["intelligence-iran-plans-attack-on-israel-from-iraq"]
    assert [t.name for t in plans.independent_sources] == ["Axios", "The Soufan Center"]
    assert not plans.single_source and plans.grade == "B2"
    strike = notes_by_slug(sample)["israel-october-26-strike-disputed-target"]
    assert strike.grade == "B1"
    assert [t.name for t in strike.disputed_by] == ["The Soufan Center"] and strike.disputed_citation == 1


def test_every_sample_source_and_note_is_graded(sample) -> None:
    assert {t.name: t.reliability for t in sample.kind("sources")} == {
        "al-Akhbar": "C", "Axios": "B", "Shafaq News": "C", "The Soufan Center": "B", "Unidentified outlet": "F"}
    assert all(n.credibility for n in sample.notes)


def test_judgements_are_ordered_and_indexed_both_ways(sample) -> None:
    assert [j.order for j in sample.judgements] == [1, 2, 3, 4]
    assert 3 <= len(sample.judgements) <= 5
    for j in sample.judgements:
        assert j.supports and all(j in sample.judgements_of(n) for n in j.supports)
        assert estimative.scale_of(j.likelihood) == "main" and j.confidence in estimative.CONFIDENCE_LEVELS
    tehran = notes_by_slug(sample)["sudani-visits-tehran-khamenei-raisi"]
    assert {n.slug for n in sample.see_also(tehran)} == {"sudani-carries-blinken-messages-to-tehran",
                                                        "blinken-baghdad-visit-sudani-promise"}


def test_the_sample_corrections_hold(sample) -> None:
    notes = notes_by_slug(sample)
    relayed = notes["sudani-carries-blinken-messages-to-tehran"]
    assert relayed.date.iso() == "2023-11" and "sudani-visits-tehran-khamenei-raisi" in relayed.see_also
    assert notes["iraqi-militia-attacks-on-us-forces-intensify"].precision == "approximate"
    assert notes["us-strikes-militia-bases-and-regional-buildup"].precision == "approximate"
    assert [a.name for a in notes["israel-october-26-strike-disputed-target"].actors] == ["Israel Defense Forces", "Ali Larijani"]
    assert {t.name for t in notes["al-akhbar-sudani-efforts-militias-defiant"].terms} & {"Hezbollah", "Lebanon"} == set()
    assert not [a for a in notes["rocket-attack-on-us-embassy-in-baghdad"].actors if "militia" in a.name.lower()]
    assert [f.covers for f in notes["iraqi-militia-drone-attacks-on-israel-surge"].figures] == ["", "", "1 to mid-October only"]
    assert not [r.url for n in sample.notes for r in n.sources if r.url.rstrip("/") == "https://shafaq.com"]


def test_one_outlet_cited_twice_never_outranks_an_assessment(project: Path) -> None:
    """A story cited twice from the same outlet, with figures, used to lead the PDF's key developments."""
    twice = "  - name: Axios\n    url: https://www.axios.com/2024/11/06/again\n    published: 2024-11-06\n"
    figure = "figures:\n  - series: Test series\n    period: 2024-11\n    value: 3\n"
    write_note(project, "2024/cited-twice.md", note(sources=twice, extra=figure))
    index = checked_index(project)[1]
    key = index.key_developments(6)
    assert "cited-twice" not in [n.slug for n in key]
    assert all(index.judgements_of(n) for n in key)
    assert len(notes_by_slug(index)["cited-twice"].independent_sources) == 1


def test_a_page_cannot_take_the_judgements_address(project: Path) -> None:
    write(project, "pages/judgements.md", "---\ntitle: Mine\n---\nBody.\n")
    code, lines = check(project)
    assert code == 1 and lines[0].startswith("content/pages/judgements.md:2: title: 'judgements' is a name the brief uses")


def test_editing_a_judgement_shows_at_once_on_the_notes_it_rests_on(project: Path) -> None:
    """`brief serve` keeps rendered note pages between rebuilds: a judgement is part of their key."""
    from builder.build import build

    page = project / "build" / "docs" / "notes" / "israel-letter-to-un-warns-of-attacks-from-iraq.md"
    build(project)
    assert "Supports the key judgement" in page.read_text(encoding="utf-8")
    path = project / "content" / "judgements" / "israel-strikes-inside-iraq.md"
    path.write_text(path.read_text(encoding="utf-8").replace("before the end of January 2025", "by March 2025"),
                    encoding="utf-8")
    build(project)
    assert "strikes armed groups inside Iraq by March 2025" in page.read_text(encoding="utf-8")
