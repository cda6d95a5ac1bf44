"""`brief check`: one broken note per error class, each with its exact message."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import brief, write_note

GOOD_SOURCE = """sources:
  - name: Axios
    url: https://www.axios.com/2024/11/05/test-development
    published: 2024-11-05
"""


def note(*, title: str = "title: A test development\n", date: str = "date: 2024-11-05\n",
         extra: str = "", sources: str = GOOD_SOURCE, body: str = "What happened.\n",
         credibility: str = "credibility: 2\n") -> str:
    return f"---\n{title}{date}{sources}{extra}{credibility}---\n{body}"


def check(root: Path, *args: str):
    done = brief(root, "check", *args)
    assert "Traceback" not in done.stderr, done.stderr
    return done


CASES = {
    "missing title": (
        "2024/no-title.md", note(title=""),
        "content/notes/2024/no-title.md:1: title: missing; add a line 'title: …'"),
    "unparseable date": (
        "2024/bad-date.md", note(date="date: next tuesday\n"),
        "content/notes/2024/bad-date.md:3: date: 'next tuesday' has no four-digit year; "
        "write it as YYYY-MM-DD (e.g. 2024-11-18) or YYYY-MM for a month (e.g. 2023-11)"),
    "impossible date": (
        "2024/impossible.md", note(date="date: 2024-13-01\n"),
        "content/notes/2024/impossible.md:3: date: month 13 does not exist; "
        "write it as YYYY-MM-DD (e.g. 2024-11-18) or YYYY-MM for a month (e.g. 2023-11)"),
    "unknown actor with a suggestion": (
        "2024/typo.md", note(extra="actors: [al-Sudani, Jake Sulivan]\n"),
        "content/notes/2024/typo.md:8: actors[1]: unknown actor 'Jake Sulivan'. Did you mean 'Jake Sullivan'?"),
    "source not in the registry": (
        "2024/reuters.md", note(sources="sources:\n  - name: Reuters Wire Service\n    url: https://example.org/a\n    published: 2024-11-05\n"),
        "content/notes/2024/reuters.md:5: sources[0].name: unknown source 'Reuters Wire Service'. "
        "Add it as content/sources/<slug>.md or use a registered source."),
    "broken YAML with its line": (
        "2024/broken-yaml.md", note(extra="countries: [Iraq, Iran\ntags: [x]\n"),
        "content/notes/2024/broken-yaml.md:9: front matter: YAML syntax error: did not find expected ',' or ']'; "
        "check indentation, colons and quotes on this line"),
    "empty file": (
        "2024/empty.md", "",
        "content/notes/2024/empty.md:1: file: is empty; write front matter between two '---' lines, then the body"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_error_class_has_its_exact_message(project: Path, case: str) -> None:
    name, text, expected = CASES[case]
    write_note(project, name, text)
    done = check(project)
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert lines[0] == expected
    assert lines[-1] == "1 error, 0 warnings in 1 file"


def test_non_utf8_file_names_its_path_and_line(project: Path) -> None:
    path = project / "content" / "notes" / "2024" / "latin1.md"
    path.write_bytes(note().replace("What happened.", "Caf\u00e9 talks").encode("latin-1"))
    done = check(project)
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (
        "content/notes/2024/latin1.md:10: file: not valid UTF-8 (byte 0xe9); re-save the file as UTF-8")


def test_two_notes_with_the_same_slug_name_both_files(project: Path) -> None:
    write_note(project, "2023/same-name.md", note())
    write_note(project, "2024/same-name.md", note())
    done = check(project)
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (
        "content/notes/2024/same-name.md:1: slug: note slug 'same-name' is also used by "
        "content/notes/2023/same-name.md; rename one of the two files")


def test_every_problem_is_reported_before_stopping(project: Path) -> None:
    for name, text, _ in CASES.values():
        write_note(project, name, text)
    done = check(project)
    assert done.returncode == 1
    expected = sorted(message for _, _, message in CASES.values())
    assert done.stderr.splitlines()[:-1] == expected
    assert done.stderr.splitlines()[-1] == f"{len(CASES)} errors, 0 warnings in {len(CASES)} files"


def test_unknown_key_warns_and_strict_makes_it_fatal(project: Path) -> None:
    write_note(project, "2024/extra-key.md", note(extra="countrys: [Iraq]\n"))
    relaxed = check(project)
    assert relaxed.returncode == 0
    assert ("content/notes/2024/extra-key.md:8: countrys: (warning) unknown field 'countrys' is ignored. "
            "Did you mean 'countries'?") in relaxed.stderr
    strict = check(project, "--strict")
    assert strict.returncode == 1
    assert "(--strict: warnings are fatal)" in strict.stderr


def test_partial_dates_precision_and_unambiguous_forms(project: Path) -> None:
    write_note(project, "2024/month.md", note(date="date: 2023-11\n"))
    write_note(project, "2024/words.md", note(date="date: Nov. 26, 2024\n"))
    write_note(project, "2024/ambiguous.md", note(date="date: 03/04/2024\n"))
    write_note(project, "2024/precise.md", note(date="date: 2023-11\ndate_precision: day\n"))
    done = check(project)
    assert done.returncode == 1
    assert done.stderr.splitlines()[:-1] == [
        "content/notes/2024/ambiguous.md:3: date: '03/04/2024' is ambiguous (day and month could be swapped); "
        "write it as YYYY-MM-DD (e.g. 2024-11-18) or YYYY-MM for a month (e.g. 2023-11)",
        "content/notes/2024/precise.md:4: date_precision: 'day' needs a full date, but date is 2023-11; "
        "give the day or use 'month'",
    ]


def test_sample_brief_is_clean_under_strict(project: Path) -> None:
    done = check(project, "--strict")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.startswith("ok: ")
