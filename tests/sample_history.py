"""The sample brief's history: how its two editions were made, so anyone can make them again.

    python tests/sample_history.py     # rewrites content/editions/2023-12-31.yml and 2024-11-30.yml

The 2023 edition is `brief release --date 2023-12-31` run on a copy of the project holding what
the brief held at the end of 2023: the notes dated to 2023, two of them as first filed (before the
November 2024 review re-dated one and untagged the other), and one key judgement as it stood then
(likely, low confidence, resting on two 2023 notes). The 2024 edition is `brief release --date
2024-11-30` on the content as it is. tests/test_sample_history.py checks both stay true.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EDITIONS = {"2023-12-31": "End of 2023", "2024-11-30": "End of November 2024"}
JUDGEMENT = "baghdad-keeps-to-diplomacy"
REVISED = ("sudani-carries-blinken-messages-to-tehran", "rocket-attack-on-us-embassy-in-baghdad")


def _edit(path: Path, *pairs: tuple[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in pairs:
        assert re.search(old, text, re.S), f"{path.name}: '{old}' not found; update tests/sample_history.py"
        text = re.sub(old, lambda _m: new, text, count=1, flags=re.S)
    path.write_text(text, encoding="utf-8")


def end_of_2023(work: Path) -> Path:
    """A copy of the project as the brief stood at the end of 2023 (no edition in it)."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    for part in ("content", "templates"):
        shutil.copytree(ROOT / part, work / part)
    shutil.copy(ROOT / "mkdocs.yml", work / "mkdocs.yml")
    (work / "builder").symlink_to(ROOT / "builder")
    content = work / "content"
    shutil.rmtree(content / "notes" / "2024")
    shutil.rmtree(content / "editions", ignore_errors=True)
    for path in (content / "judgements").glob("*.md"):
        if path.stem != JUDGEMENT:
            path.unlink()
    _edit(content / "judgements" / f"{JUDGEMENT}.md",
          (r"title: .*?\n", "title: Al-Sudani's government will likely keep to diplomacy and avoid using force "
                            "against the Iran-aligned groups\n"),
          (r"likelihood: .*?\n", "likelihood: likely\n"),
          (r"confidence: .*?\n", "confidence: low\n"),
          (r"supports: .*?\n", "supports: [islamic-resistance-claims-84-attacks-sudani-condemns, "
                               "sudani-carries-blinken-messages-to-tehran]\n"),
          (r"date: .*?\n", "date: 2023-12-31\n"),
          (r"---\n\*\*Reasoning\.\*\*.*", "---\n**Reasoning.** Al-Sudani answered the militia attacks of late 2023 with "
           "words and mediation, not force: he condemned the attacks and the US counter-strikes, ordered the attackers "
           "pursued and carried US messages to Tehran.\n\n**Confidence.** Low. One period, one government's answer to one "
           "wave of attacks, and a single unidentified outlet for most of it.\n\n**Indicators to watch.** Arrests of "
           "faction commanders or raids on launch sites; Iraqi forces sent against a named group; a change in the "
           "coalition behind al-Sudani.\n"))
    notes = content / "notes" / "2023"
    _edit(notes / f"{REVISED[0]}.md",
          (r"date: 2023-11\n", "date: 2023-12\n"),
          (r"summary: .*?\n", "summary: A December 2023 report from an unidentified outlet says Iraq was passing messages "
           "between Washington and Tehran, with al-Sudani carrying Blinken's requests to Iran to restrain the militias, "
           "while doubting that he could rein them in if the conflict escalated.\n"),
          (r"see_also: .*?\n", ""),
          (r"\*\*Dating\.\*\*.*", "**Dating.** The saved copy is dated 11 December 2023 and names no outlet. The "
           "message-passing is described as ongoing without specific dates, so the note uses month precision.\n"))
    _edit(notes / f"{REVISED[1]}.md", (r"actors: \[US Embassy in Baghdad\]", "actors: [US Embassy in Baghdad, Iran-backed Iraqi militias]"))
    return work


def release(root: Path, date: str) -> Path:
    command = [sys.executable, "-m", "builder.cli", "--root", str(root), "release", "--date", date, "--title", EDITIONS[date]]
    subprocess.run(command, check=True, cwd=ROOT)
    return root / "content" / "editions" / f"{date}.yml"


def main() -> None:
    editions = ROOT / "content" / "editions"
    for date in EDITIONS:
        (editions / f"{date}.yml").unlink(missing_ok=True)
    work = ROOT / "build" / "sample-2023"
    editions.mkdir(exist_ok=True)
    shutil.copy(release(end_of_2023(work), "2023-12-31"), editions / "2023-12-31.yml")
    shutil.rmtree(work)
    release(ROOT, "2024-11-30")


if __name__ == "__main__":
    main()
