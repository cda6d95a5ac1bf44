"""The README keeps up with the code: every command, make target and note field is documented."""
from __future__ import annotations

import re

from builder import validate
from builder.cli import COMMANDS, main  # noqa: F401  (main imports the command modules)
from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands() -> None:
    first_block = README.split("```")[1]
    assert "make site" in first_block and "make test" in first_block


def test_every_brief_command_is_documented() -> None:
    documented = set(re.findall(r"`brief (\w+)", README))
    assert set(COMMANDS) <= documented, sorted(set(COMMANDS) - documented)


def test_every_make_target_is_documented() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    phony = re.search(r"^\.PHONY:(.*)$", makefile, re.M).group(1).split()
    public = [t for t in phony if t not in ("help", "system")]
    missing = [t for t in public if f"make {t}" not in README]
    assert not missing


def test_every_note_field_appears_in_the_example() -> None:
    example = README.split("## A note")[1].split("```")[1]
    fields = [f for f in validate.note_keys() if f not in ("draft", "ingest")]
    assert [f for f in fields if not re.search(rf"^\s*{f}:", example, re.M)] == []
    assert [f for f in validate.SOURCE_KEYS if not re.search(rf"^\s*(- )?#?\s*{f}:", example, re.M)] == []
    assert [f for f in validate.FIGURE_KEYS if not re.search(rf"^\s*(- )?{f}:", example, re.M)] == []
    assert [f for f in validate.DISPUTE_KEYS if not re.search(rf"^\s+{f}:", example, re.M)] == []


def test_every_judgement_field_appears_in_the_example() -> None:
    example = README.split("## Grades and key judgements")[1].split("```")[1]
    assert [f for f in validate.JUDGEMENT_KEYS if not re.search(rf"^{f}:", example, re.M)] == []


def test_the_grade_scales_in_the_readme_are_the_codes() -> None:
    from builder import estimative, grades
    section = README.split("## Grades and key judgements")[1].split("## Commands")[0]
    for letter, words in grades.RELIABILITY.items():
        assert f"| {letter} | {words.replace('reliability cannot', 'cannot')} |" in section
    for number, words in grades.CREDIBILITY.items():
        assert f"| {number} | {words.replace('truth cannot', 'cannot')} |" in section
    assert all(term in section for term in estimative.SCALES[estimative.MAIN])


def test_every_registry_field_appears_in_the_example() -> None:
    example = README.split("## The registry")[1].split("```")[1]
    assert [f for f in validate.TERM_KEYS if not re.search(rf"^{f}:", example, re.M)] == []
