"""Building under hostile or unlucky conditions: links out of content/, concurrent and killed
builds, MkDocs warnings, removed HTML, broken links, huge tokens. Each test reproduces a
defect of issue 10.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from builder.lock import build_lock
from builder.problems import BriefError

from builder.defaults import TEMPLATES
from conftest import brief, write_note

FIX = Path(__file__).parent / "fixtures" / "ingest"


def note(title: str, body: str) -> str:
    """A valid note of 5 Nov 2024 with this title and body (the body starts on line 9)."""
    return (f"---\ntitle: {title}\ndate: 2024-11-05\nsources:\n  - name: Axios\n    url: https://www.axios.com/2024/11/05/a-story\n"
            f"    published: 2024-11-05\n---\n{body}")


# --- 12. `brief check` counts every draft, also those with problems -------------------------------

def test_check_counts_drafts_with_problems(project: Path):
    brief(project, "ingest", str(FIX / "doubled.txt"), str(FIX / "dateline.txt"), check=True)
    (project / "content" / "inbox" / "broken.md").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    done = brief(project, "check")
    assert "ok: 21 notes, 4 key judgements, 3 drafts (2 need work before 'brief promote'), " in done.stdout, done.stdout + done.stderr


# --- 4. nothing outside content/ is read, whatever links point there ------------------------------

OUTSIDE_NOTE = note("A file from outside the project", "LEAKED-SECRET-7741 should never be published.\n")


def test_links_out_of_content_are_errors_naming_their_target(project: Path, tmp_path: Path):
    outside = tmp_path / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "outside.md").write_text(OUTSIDE_NOTE, encoding="utf-8")
    (outside / "folder" / "inner.md").write_text(OUTSIDE_NOTE, encoding="utf-8")
    notes = project / "content" / "notes"
    (notes / "2024" / "leak.md").symlink_to(Path("../../../../outside/outside.md"))
    (notes / "linked").symlink_to(outside / "folder", target_is_directory=True)
    (project / "content" / "pages" / "leak.md").symlink_to(outside / "outside.md")
    (project / "content" / "actors" / "leak.md").symlink_to(outside / "outside.md")
    # A link that stays inside content/ is fine.
    (project / "content" / "kept").mkdir()
    (project / "content" / "kept" / "inside.md").write_text(OUTSIDE_NOTE.replace("LEAKED-SECRET-7741", "Kept"), encoding="utf-8")
    (notes / "2024" / "inside.md").symlink_to(Path("../../kept/inside.md"))
    done = brief(project, "check")
    assert done.returncode == 1
    target = (outside / "outside.md").resolve()
    problems = [line for line in done.stderr.splitlines() if line.startswith("content/") and "(warning)" not in line]
    assert problems == [
        f"content/actors/leak.md:1: file: is a link to '{target}', outside content/; copy the file into content/ instead",
        f"content/notes/2024/leak.md:1: file: is a link to '{target}', outside content/; copy the file into content/ instead",
        f"content/notes/linked:1: file: is a link to '{(outside / 'folder').resolve()}', outside content/; "
        "copy the files into content/ instead",
        f"content/pages/leak.md:1: file: is a link to '{target}', outside content/; copy the file into content/ instead",
    ]
    assert brief(project, "build").returncode == 1
    for path in (project / "build").rglob("*"):
        assert not path.is_file() or b"LEAKED-SECRET" not in path.read_bytes(), path


def test_a_link_in_the_inbox_is_not_read_by_inbox_or_promote(project: Path, tmp_path: Path):
    outside = tmp_path / "secret.md"
    outside.write_text(OUTSIDE_NOTE, encoding="utf-8")
    (project / "content" / "inbox" / "leak.md").symlink_to(outside)
    inbox = brief(project, "inbox")
    assert "LEAKED" not in inbox.stdout and "A file from outside" not in inbox.stdout
    assert f"content/inbox/leak.md:1: file: is a link to '{outside.resolve()}', outside content/" in inbox.stdout
    refused = brief(project, "promote", "leak")
    assert refused.returncode == 1 and not list((project / "content" / "notes").rglob("leak.md"))


# --- 8. MkDocs warnings fail the site; a link to no page is found at check time ---------------------

@pytest.mark.slow
def test_a_mkdocs_warning_fails_brief_site(project: Path):
    """`mkdocs build --strict --quiet` exits 0 on a warning (MkDocs 1.6): the brief must not pass it."""
    template = project / "templates" / "pages" / "page.md.j2"  # the brief's own copy of a packaged template
    template.parent.mkdir(parents=True, exist_ok=True)
    template.write_text((TEMPLATES / "pages" / "page.md.j2").read_text(encoding="utf-8") + "\n[broken](missing.md)\n",
                        encoding="utf-8")
    done = brief(project, "site")
    assert done.returncode == 1, done.stdout
    assert "mkdocs build --strict failed; the previous site is kept" in done.stderr
    assert "WARNING -  Doc file 'about.md' contains a link 'missing.md', but the target is not found" in done.stderr
    assert not (project / "site").exists()
    assert not list((project / "build").glob(".staging-*"))


LINKS_NOTE = note("A note with links", """Good: [a note](../sudani-visits-tehran-khamenei-raisi/), [a country](../../countries/iraq/),
[the timeline](../../timeline/#sudani-visits-tehran-khamenei-raisi), [a feed](../../feeds/rss.xml),
[the PDF](../../brief.pdf), [home](../../), [a page](../../method/), [outside](https://example.org/x),
[mail](mailto:desk@example.org), [here](#top).

Broken: [x](../nowhere/) and
[a slug cut short](../sudani-visits-tehran/).

[a file name](sudani-visits-tehran-khamenei-raisi.md)
""")


def test_a_link_to_no_page_is_an_error_at_its_line(project: Path):
    write_note(project, "2024/links.md", LINKS_NOTE)
    (project / "content" / "pages" / "method.md").write_text(
        "---\ntitle: Method\n---\nSee [the actors](../actor/).\n", encoding="utf-8")
    done = brief(project, "check")
    assert done.returncode == 1
    assert [line for line in done.stderr.splitlines() if line.startswith("content/") and " credibility: " not in line] == [
        "content/notes/2024/links.md:14: body: link to '../nowhere/' matches no page; link to a page by its address, "
        "e.g. '../<note-slug>/' or '../../actors/<slug>/'",
        "content/notes/2024/links.md:15: body: link to '../sudani-visits-tehran/' matches no page; "
        "did you mean '../sudani-visits-tehran-khamenei-raisi/'?",
        "content/notes/2024/links.md:17: body: link to 'sudani-visits-tehran-khamenei-raisi.md' matches no page; "
        "did you mean '../sudani-visits-tehran-khamenei-raisi/'?",
        "content/pages/method.md:4: body: link to '../actor/' matches no page; did you mean '../actors/'?",
    ]


# --- 9. what the sanitizer removes is named at its line --------------------------------------------

def test_removed_html_and_unsafe_links_are_warnings_at_their_line(project: Path):
    write_note(project, "2024/pasted.md", note("A pasted note", """Intro with <b>bold</b> that stays, and <script>alert(1)</script> that goes.

A [link](javascript:alert(2)) and
an image <img src=x onerror="alert(3)"> and <b onmouseover="alert(5)">bold</b>.

<div onclick="alert(4)">
<iframe src="https://evil.example/"></iframe>
</div>
"""))
    done = brief(project, "check")
    assert done.returncode == 0, done.stderr
    assert [line for line in done.stderr.splitlines() if line.startswith("content/") and " credibility: " not in line] == [
        "content/notes/2024/pasted.md:9: body: (warning) removed <script>: scripts never run in the brief; "
        "delete it (or put it in `backticks` to show it as code)",
        "content/notes/2024/pasted.md:11: body: (warning) removed the address 'javascript:alert(2)' of a link: only http, "
        "https, mailto and relative links are kept; give the page's address",
        "content/notes/2024/pasted.md:12: body: (warning) removed <img>: images are not published; link to the image instead",
        "content/notes/2024/pasted.md:12: body: (warning) removed onmouseover= of <b>: event handlers never run in the "
        "brief; delete it",
        "content/notes/2024/pasted.md:14: body: (warning) removed <div>: not an allowed tag; use Markdown instead",
        "content/notes/2024/pasted.md:15: body: (warning) removed <iframe>: embedded pages are never published; "
        "link to the page instead",
    ]
    assert brief(project, "check", "--strict").returncode == 1


# --- 6. one build at a time -------------------------------------------------------------------------

@contextlib.contextmanager
def held_lock(root: Path) -> Iterator[None]:
    """The project's build lock, held by this test process as a running build would hold it."""
    (root / "build").mkdir(exist_ok=True)
    with open(root / "build" / ".lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.truncate(0)
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield


def read_line(stream, timeout: float) -> str:
    """The next line of a child's stream, or '' after `timeout` seconds."""
    box: list[str] = []
    reader = threading.Thread(target=lambda: box.append(stream.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    return box[0] if box else ""


@pytest.mark.slow
def test_a_second_site_build_waits_for_the_first_and_says_for_whom(project: Path):
    with held_lock(project):
        second = subprocess.Popen([sys.executable, "-m", "builder.cli", "--root", str(project), "site"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        lines = [read_line(second.stderr, 60) for _ in range(2)]
        waiting = next((line for line in lines if "another build" in line), "")
        assert waiting.strip() == f"… another build is running (PID {os.getpid()}); waiting up to 300 s for it to finish", lines
        time.sleep(1)
        assert second.poll() is None, "the second build did not wait"
        assert not (project / "site").exists() and not list((project / "build").glob(".staging-*"))
    out, err = second.communicate(timeout=300)
    assert second.returncode == 0, out + err
    assert (project / "site" / "index.html").is_file()


def test_a_build_that_cannot_wait_names_the_one_running(project: Path):
    with held_lock(project):
        with pytest.raises(BriefError) as caught:
            with build_lock(project / "build", wait=0.5, progress=lambda m: None):
                pass
    assert str(caught.value) == (f"{project / 'build' / '.lock'}: another build is running (PID {os.getpid()}) and still "
                                 "holds the lock after 0.5 s; wait for it to finish, or stop it, then build again")


# --- 7. a killed build leaves no orphan, and the next build removes its litter ---------------------------

def children(pid: int) -> list[tuple[int, str]]:
    """(pid, command line) of the living children of `pid`, from /proc."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            stat = (proc / "stat").read_text()
            if proc.name.isdigit() and int(stat.rsplit(")", 1)[1].split()[1]) == pid and alive(int(proc.name)):
                found.append((int(proc.name), (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()))
        except (OSError, ValueError, IndexError):
            continue
    return found


def alive(pid: int) -> bool:
    """Running (a zombie nobody reaps has finished)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; the parent-death signal is Linux's")
def test_a_killed_site_build_leaves_no_orphan_and_the_next_build_cleans_up(project: Path):
    build = subprocess.Popen([sys.executable, "-m", "builder.cli", "--root", str(project), "site"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    mkdocs: list[tuple[int, str]] = []
    while not mkdocs and build.poll() is None and time.monotonic() < deadline:
        mkdocs = [c for c in children(build.pid) if " mkdocs build" in c[1]]
        time.sleep(0.05)
    assert mkdocs, "mkdocs never started"
    build.send_signal(signal.SIGKILL)
    build.wait()
    (child, _command), = mkdocs
    for _ in range(100):
        if not alive(child):
            break
        time.sleep(0.05)
    else:
        os.kill(child, signal.SIGKILL)
        pytest.fail(f"mkdocs (PID {child}) outlived the build that started it")
    assert list((project / "build").glob(".staging-*")), "the killed build left nothing to clean (test is moot)"
    again = brief(project, "site")
    assert again.returncode == 0, again.stderr
    assert "removed build/.staging-" in again.stderr
    assert not list((project / "build").glob(".staging-*"))


# --- 10. a long unbreakable token is laid out in seconds, and kept whole ---------------------------------

@pytest.mark.slow
def test_a_100_kb_token_does_not_stall_the_pdf(project: Path, tmp_path: Path):
    """WeasyPrint breaks an overflowing word in time that grows with the square of its length (minutes for 100 KB)."""
    write_note(project, "2024/long-token.md", note("A long token", f"Before the token. {'[' * 100_000} After the token.\n"))
    output = tmp_path / "token.pdf"
    started = time.monotonic()
    done = brief(project, "pdf", "-o", str(output), "--since", "2024-11-05", "--until", "2024-11-05")
    elapsed = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    assert elapsed < 90, f"the PDF took {elapsed:.0f} s"
    text = subprocess.run(["pdftotext", str(output), "-"], capture_output=True, text=True, check=True).stdout
    assert text.count("[") >= 2 * 100_000  # the summary and the body, every character kept
    assert "Before the token." in text and "After the token." in text


def test_long_words_get_break_opportunities_in_text_only():
    from builder.pdf.document import breakable
    html = f'<p title="{"t" * 300}"><a href="https://e/{"q" * 300}">{"x" * 250}&amp;{"y" * 9}</a> {"s" * 199} ok</p>'
    out = breakable(html)
    assert out.replace("\u200b", "") == html
    assert out.count("\u200b") == 2  # 260 characters (the entity counts as one): after the 100th and the 200th
    assert f'title="{"t" * 300}"' in out and f'https://e/{"q" * 300}"' in out  # attributes untouched
    assert "&am\u200b" not in out and "&\u200b" not in out
