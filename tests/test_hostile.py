"""Hostile input: nothing from content executes, no name leaves the output folders, every limit holds.

A note, an actor and a source carrying script tags, event handlers and javascript:/vbscript:/data:
URLs (in front matter, raw HTML and Markdown links, images and autolinks) are built into a real
site with `brief site`; a scanner then reads every generated HTML, XML, JSON and Markdown file
(and the PDF, when there is one) and fails on anything executable that came from content. Each
payload carries a marker (HX01…HX72) so the theme's own scripts are told apart from ours.
"""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from builder.problems import BriefError
from builder.write import check_paths, write_tree
from conftest import brief, copy_project, write_note
from test_browser import browser  # noqa: F401 (the session's Chromium)

MARKER = re.compile(r"hx\d\d", re.I)
NEVER = {"iframe", "object", "embed", "frame", "frameset", "applet"}  # no page of ours has one
THEME_ONLY = {"script", "meta", "base"}  # the theme's own are fine: compared with a clean build
URL_ATTRS = {"href", "src", "action", "formaction", "data", "poster", "background", "xlink:href", "cite", "srcset",
             "longdesc", "manifest", "codebase", "ping"}
URL_KEYS = {"url", "external_url", "image", "banner_image", "href", "src", "icon", "favicon", "home_page_url",
            "feed_url", "avatar", "link"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
MD_LINK = re.compile(r"\]\(\s*<?\s*(javascript|vbscript|data):|<(javascript|vbscript|data):", re.I)

HOSTILE_NOTE = """---
title: "Pasted <script>alert('HX01')</script> <img src=x onerror=alert('HX02')> &lt;script&gt;HX03&lt;/script&gt; { onclick=alert('HX04') }"
date: 2024-03-05
sources:
  - name: Hostile Wire
    url: "https://example.org/a?<script>HX05</script>"
    published: 2024-03-05
    title: "<iframe src=javascript:alert('HX06')></iframe> \\" onmouseover=\\"alert('HX07')"
countries: [Iraq]
actors: [Evil Actor]
tags: ["<object data=javascript:alert('HX08')>", "<embed src=data:text/html,HX09>"]
summary: "\\" onmouseover=\\"alert('HX44') <svg onload=alert('HX10')> <meta http-equiv=refresh content='0;url=javascript:alert(HX11)'> [click](javascript:alert('HX12'))"
disputed: "<base href=javascript:alert('HX13')//>"
credibility: 3
---
Intro with <script>alert('HX14')</script> and <b onclick="alert('HX15')">bold</b>.

[md link](javascript:alert('HX16')) [vb](vbscript:msgbox("HX17")) [data](data:text/html;base64,PHNjcmlwdD5IWDE4PC9zY3JpcHQ+)
[spaced]( javascript:alert('HX19') ) [entity](&#106;avascript:alert('HX20')) [tab](java\tscript:alert('HX21'))

![img](javascript:alert('HX22')) ![data img](data:image/svg+xml,<svg/onload=alert('HX23')>)

<javascript:alert('HX24')> <vbscript:HX25> <https://example.org/ok>

<iframe src="https://evil.example/HX26"></iframe>
<object data="https://evil.example/HX27"></object>
<embed src="https://evil.example/HX28">
<meta http-equiv="refresh" content="0;url=https://evil.example/HX29">
<base href="https://evil.example/HX30/">
<a href="javascript:alert('HX31')" onmouseover="alert('HX32')">raw link</a>
<img src=x onerror="alert('HX33')">
<style>body{background:url(javascript:alert('HX34'))}</style>
<form action="javascript:alert('HX35')"><button formaction="javascript:alert('HX36')">go</button></form>
<svg><script>alert('HX37')</script></svg>
<math><mi xlink:href="javascript:alert('HX38')">x</mi></math>
<a href="JaVaScRiPt:alert('HX39')">caps</a> <a href="  javascript:alert('HX40')">lead</a>

{ onclick=alert('HX41') }
{: onclick="alert('HX42')" }

Evil Actor is named here.

</div><script>alert('HX43')</script><div>
"""

HOSTILE_ACTOR = """---
name: Evil Actor
aliases: ["<script>HX50</script>"]
kind: "<img src=x onerror=alert('HX51')>"
affiliation: Iraq
role: "<iframe src=javascript:HX52>"
url: "https://example.org/\\"onmouseover=\\"alert('HX53')"
---
Profile <script>alert('HX54')</script> <embed src="javascript:HX55"> <meta http-equiv="refresh" content="0;url=javascript:HX56"> <base href="javascript:HX57">

[x](javascript:alert('HX58')) <a href="data:text/html,HX59">d</a> <img src="x" onload="HX60">
"""

HOSTILE_SOURCE = """---
name: Hostile Wire
kind: outlet
url: https://example.org/
reliability: E
---
Wire profile <object data="javascript:HX70"></object> <p onload="HX71">t</p> [v](vbscript:HX72)
"""


# --- the scanner ----------------------------------------------------------------------------------

def squash(url: str) -> str:
    """A URL as a browser reads its scheme: whitespace and control characters ignored, any case."""
    return re.sub(r"[\s\x00-\x1f]", "", url).lower()


class Scan(HTMLParser):
    """Dangerous constructs in one HTML text, and the theme's script/meta/base tags it holds."""

    def __init__(self, where: str) -> None:
        super().__init__(convert_charrefs=True)
        self.where = where
        self.findings: list[str] = []
        self.theme: set[tuple] = set()
        self._raw: tuple[str, list[tuple[str, str]], list[str]] | None = None

    def run(self, text: str) -> Scan:
        self.feed(text)
        self.close()
        return self

    def flag(self, what: str) -> None:
        self.findings.append(f"{self.where}: {what}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pairs = [(name, value or "") for name, value in attrs]
        refresh = tag == "meta" and ("http-equiv", "refresh") in [(n, v.lower()) for n, v in pairs]
        for name, value in pairs:
            if name.startswith("on"):
                self.flag(f"<{tag} {name}={value[:40]!r}>: an event handler")
            if name in URL_ATTRS and squash(value).startswith(BAD_SCHEMES):
                self.flag(f"<{tag} {name}={value[:40]!r}>: a forbidden URL scheme")
            if refresh and name == "content" and re.search(r"url=(javascript|vbscript|data):", squash(value)):
                self.flag(f"<meta content={value[:40]!r}>: a refresh to a forbidden scheme")
        if tag in NEVER:
            self.flag(f"<{tag}>: never generated by the brief, so it came from content")
        # A page's description is content by design, quoted in content="…" (a quote breaking out
        # of it would show up above as extra attributes, such as an event handler).
        # So is the title of a feed link (a tag's name): a quote breaking out would show up the same way.
        # A tag's page address is made from its name by slugify: letters, digits and hyphens cannot run.
        described = [(n, v) for n, v in pairs if not (tag == "meta" and n == "content" and not refresh)
                     and not (tag == "link" and n == "title")
                     and not (n == "href" and re.fullmatch(r"([a-z]+://)?[\w.\-/]+", v))]
        if tag in THEME_ONLY | {"link", "style"} and any(MARKER.search(v) for _n, v in described):
            self.flag(f"<{tag} {pairs}>: content inside a {tag} tag")
        if tag in ("script", "style"):
            self._raw = (tag, pairs, [])
        elif tag in THEME_ONLY:
            self.theme.add((tag, tuple(sorted((n, "" if n == "content" else v) for n, v in pairs))))

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        if self._raw:
            self._raw[2].append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._raw and tag == self._raw[0]:
            name, pairs, chunks = self._raw
            body = "".join(chunks)
            if MARKER.search(body):
                self.flag(f"<{name}>{body[:60]!r}: content inside a {name}")
            if name == "script":
                self.theme.add((name, tuple(sorted(pairs)), body))
            self._raw = None


def scan_html(text: str, where: str) -> Scan:
    return Scan(where).run(text)


def scan_markdown(text: str, where: str) -> list[str]:
    """Generated Markdown: its raw HTML, and Markdown links outside raw HTML blocks."""
    body = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    found = scan_html(body, where).findings
    for number, line in enumerate(body.splitlines(), 1):
        if not line.lstrip().startswith(("<", "&#10;")) and MD_LINK.search(line):
            found.append(f"{where}:{number}: a Markdown link to a forbidden scheme: {line[:80]!r}")
    return found


def scan_xml(text: str, where: str) -> list[str]:
    """The XML itself, and the HTML a feed reader renders from each element's text."""
    found = scan_html(text, where).findings
    for element in ET.fromstring(text.encode("utf-8")).iter():
        content = element.text or ""
        if "<" in content:
            found += scan_html(content, f"{where} <{element.tag}>").findings
        if element.tag.rsplit("}", 1)[-1] in ("link", "url", "guid", "loc") and squash(content).startswith(BAD_SCHEMES):
            found.append(f"{where} <{element.tag}>: a forbidden URL scheme: {content[:40]!r}")
    return found


def scan_json(value: object, where: str, key: str = "") -> list[str]:
    if isinstance(value, dict):
        return [f for k, v in value.items() for f in scan_json(v, where, str(k))]
    if isinstance(value, list):
        return [f for v in value for f in scan_json(v, where, key)]
    if not isinstance(value, str):
        return []
    found = scan_html(value, f"{where} [{key}]").findings if "<" in value else []
    if key in URL_KEYS and squash(value).startswith(BAD_SCHEMES):
        found.append(f"{where} [{key}]: a forbidden URL scheme: {value[:40]!r}")
    return found


def scan_pdf(path: Path, where: str) -> list[str]:
    """No JavaScript, launch action, embedded file or forbidden link in a PDF."""
    from pypdf import PdfReader
    reader = PdfReader(path)
    found = []
    root = reader.trailer["/Root"]
    names = root.get("/Names")
    for key in ("/OpenAction", "/AA"):
        if key in root:
            found.append(f"{where}: document action {key}")
    if names is not None and any(k in names.get_object() for k in ("/JavaScript", "/EmbeddedFiles")):
        found.append(f"{where}: JavaScript or embedded files in the name tree")
    for number, page in enumerate(reader.pages, 1):
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is None:
                continue
            action = action.get_object()
            if action.get("/S") in ("/JavaScript", "/Launch", "/ImportData", "/SubmitForm"):
                found.append(f"{where} page {number}: a {action.get('/S')} action")
            if squash(str(action.get("/URI", ""))).startswith(BAD_SCHEMES):
                found.append(f"{where} page {number}: a link to {action.get('/URI')!r}")
    return found


def scan_tree(*folders: Path) -> tuple[list[str], set[tuple]]:
    """Every finding and every theme tag in the generated files under `folders`."""
    findings: list[str] = []
    theme: set[tuple] = set()
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            where = path.relative_to(folder.parent).as_posix()
            if path.suffix == ".html":
                scan = scan_html(path.read_text(encoding="utf-8"), where)
                findings += scan.findings
                theme |= scan.theme
            elif path.suffix == ".md":
                findings += scan_markdown(path.read_text(encoding="utf-8"), where)
            elif path.suffix == ".xml":
                findings += scan_xml(path.read_text(encoding="utf-8"), where)
            elif path.suffix == ".json":
                findings += scan_json(json.loads(path.read_text(encoding="utf-8")), where)
            elif path.suffix == ".pdf":
                findings += scan_pdf(path, where)
    return findings, theme


# --- the hostile site ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample plus the hostile note, actor and source, built with `brief site`.

    Not --strict: the analyst is warned of everything the sanitizer removes (test_build_safety).
    """
    root = copy_project(tmp_path_factory.mktemp("hostile") / "brief")
    write_note(root, "2024/hostile-paste.md", HOSTILE_NOTE)
    (root / "content" / "actors" / "evil-actor.md").write_text(HOSTILE_ACTOR, encoding="utf-8")
    (root / "content" / "sources" / "hostile-wire.md").write_text(HOSTILE_SOURCE, encoding="utf-8")
    done = brief(root, "site", check=True)
    assert "content/notes/2024/hostile-paste.md:16: body: (warning) removed <script>" in done.stderr
    return root


def test_the_hostile_content_reaches_the_site_as_text(hostile: Path) -> None:
    """The scan below means something only if the payloads were built (shown, not run)."""
    note = (hostile / "site" / "notes" / "hostile-paste" / "index.html").read_text(encoding="utf-8")
    actor = (hostile / "site" / "actors" / "evil-actor" / "index.html").read_text(encoding="utf-8")
    for marker in ("HX01", "HX03", "HX06", "HX07", "HX13", "HX24"):
        assert marker in note, marker
    assert "hx08" in note  # tags are lower-cased
    for marker in ("HX50", "hx51", "HX52", "HX53"):  # the kind is capitalized, so lower-cased after
        assert marker in actor, marker
    assert '<a href="https://example.org/ok"' in note  # a safe autolink survives


def test_nothing_from_content_executes_anywhere_in_the_output(hostile: Path, site: Path) -> None:
    findings, theme = scan_tree(hostile / "site", hostile / "build" / "docs")
    assert findings == []
    _clean_findings, clean_theme = scan_tree(site)
    assert theme == clean_theme, "script/meta/base tags differ from a clean build's: some came from content"


def test_the_clean_sample_is_clean_too(site: Path, docs: Path) -> None:
    findings, theme = scan_tree(site, docs)
    assert findings == []
    assert any(tag == "script" for tag, *_ in theme)  # the theme's scripts were seen, so the scan ran


@pytest.mark.parametrize("snippet, expected", [
    ('<p><script>alert("HX99")</script></p>', "content inside a script"),
    ('<img src="x" onerror="alert(1)">', "an event handler"),
    ('<a href=" JaVa\tScript:alert(1)">x</a>', "a forbidden URL scheme"),
    ('<a href="data:text/html,x">x</a>', "a forbidden URL scheme"),
    ('<iframe src="https://example.org/"></iframe>', "never generated"),
    ('<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', "a refresh to a forbidden scheme"),
])
def test_the_scanner_sees_each_kind_of_danger(snippet: str, expected: str) -> None:
    """The scanner is only as good as what it can find: each class, planted once."""
    findings = scan_html(snippet, "planted.html").findings
    assert any(expected in f for f in findings), findings


def test_the_scanner_reads_feeds_and_markdown() -> None:
    rss = "<rss><channel><item><description>&lt;img src=x onerror=alert(1)&gt;</description>" \
          "<link>javascript:alert(1)</link></item></channel></rss>"
    assert len(scan_xml(rss, "feed.xml")) == 2
    assert scan_json({"items": [{"content_html": "<script>HX99</script>", "url": "vbscript:x"}]}, "feed.json")
    assert scan_markdown("---\ntitle: x\n---\n# [x](javascript:alert(1))\n", "x.md")


# --- names and paths ------------------------------------------------------------------------------

NOTE = """---
title: A development
date: 2024-11-05
sources:
  - name: Axios
    url: https://www.axios.com/2024/11/05/a-development
    published: 2024-11-05
credibility: 2
---
What happened.
"""
SLUG_RULE = "is not a valid slug (lowercase ASCII letters, digits and single hyphens)"


def check(root: Path) -> tuple[int, list[str]]:
    done = brief(root, "check")
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stderr.splitlines()


@pytest.mark.parametrize("name, expected", [
    ("2024/Upper-Case.md", f"content/notes/2024/Upper-Case.md:2: title: 'Upper-Case' {SLUG_RULE}; "
                           "rename the file to 'upper-case.md'"),
    ("2024/ir\u0430q-letter.md", f"content/notes/2024/ir\u0430q-letter.md:2: title: 'ir\u0430q-letter' {SLUG_RULE}; "
                                 "rename the file to 'iraq-letter.md'"),  # the Cyrillic а transliterated
    ("2024/dots..and spaces.md", f"content/notes/2024/dots..and spaces.md:2: title: 'dots..and spaces' {SLUG_RULE}; "
                                 "rename the file to 'dots-and-spaces.md'"),
    ("2024/" + "a" * 250 + ".md", f"content/notes/2024/{'a' * 250}.md:2: title: the file name is 250 characters long; "
                                  f"keep it under 81, e.g. '{'a' * 80}'"),
])
def test_a_file_name_that_cannot_be_a_url_is_refused(project: Path, name: str, expected: str) -> None:
    write_note(project, name, NOTE)
    code, lines = check(project)
    assert code == 1
    assert expected in lines


def test_two_notes_with_one_slug_are_one_problem_naming_both(project: Path) -> None:
    write_note(project, "2023/same-slug.md", NOTE)
    write_note(project, "2024/same-slug.md", NOTE)
    code, lines = check(project)
    assert code == 1
    named = [line for line in lines if "same-slug" in line]
    assert named == ["content/notes/2024/same-slug.md:1: slug: note slug 'same-slug' is also used by "
                     "content/notes/2023/same-slug.md; rename one of the two files"]


@pytest.mark.parametrize("slug", ["timeline", "index", "countries", "notes", "feeds"])
def test_a_page_cannot_take_the_place_of_a_generated_one(project: Path, slug: str) -> None:
    (project / "content" / "pages" / f"{slug}.md").write_text("---\ntitle: Mine\n---\nBody.\n", encoding="utf-8")
    code, lines = check(project)
    assert code == 1
    assert any(line.startswith(f"content/pages/{slug}.md:2: title: '{slug}' is a name the brief uses for")
               for line in lines), lines


@pytest.mark.parametrize("files, reason", [
    ({"../escape.md": ""}, "leaves the output folder"),
    ({"notes/../../escape.md": ""}, "leaves the output folder"),
    ({"/etc/escape.md": ""}, "leaves the output folder"),
    ({"notes/a\x00b.md": ""}, "NUL"),
    ({"notes/" + "a" * 250 + ".md": ""}, "longer than"),
    ({"notes/Same.md": "", "notes/same.md": ""}, "collides with 'notes/Same.md'"),
    ({"notes/\ufb01le.md": "", "notes/file.md": ""}, "non-ASCII"),
    ({"notes/ir\u0430q.md": ""}, "non-ASCII"),
    ({"countries.md": "", "countries/index.md": ""}, "collides with"),
])
def test_output_paths_never_leave_their_folder(tmp_path: Path, files: dict, reason: str) -> None:
    target = tmp_path / "out" / "docs"
    with pytest.raises(BriefError) as caught:
        write_tree(files, target)
    assert reason in str(caught.value)
    assert not (tmp_path / "out" / "escape.md").exists() and not (tmp_path / "escape.md").exists()
    assert not target.exists()  # refused before the first write


def test_the_generated_paths_of_the_sample_pass(built: Path, docs: Path) -> None:
    check_paths({p.relative_to(docs).as_posix(): "" for p in docs.rglob("*") if p.is_file()})


# --- input limits ---------------------------------------------------------------------------------

ALIAS_BOMB = "---\ntitle: x\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\nb: &b [*a, *a, *a, *a, *a, *a, *a]\n" \
             "c: &c [*b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c]\n---\nbody\n"


@pytest.mark.parametrize("name, raw, expected", [
    ("2024/bomb.md", ALIAS_BOMB.encode(),
     "content/notes/2024/bomb.md:3: front matter: YAML anchors and aliases (& and *) are not allowed; write the values out"),
    ("2024/huge.md", b"---\ntitle: x\n---\n" + b"x" * 1_000_001,
     "content/notes/2024/huge.md:1: file: is 1,000,018 bytes; the limit is 1,000,000: split it into several notes"),
    ("2024/latin1.md", "---\ntitle: Caf\u00e9\n---\nbody\n".encode("latin-1"),
     "content/notes/2024/latin1.md:2: file: not valid UTF-8 (byte 0xe9); re-save the file as UTF-8"),
    ("2024/nul.md", b"---\ntitle: x\n---\nbo\x00dy\n", "content/notes/2024/nul.md:4: file: contains a NUL character; remove it"),
])
def test_oversized_bombs_and_bad_encodings_are_refused_with_their_path(project: Path, name: str, raw: bytes,
                                                                       expected: str) -> None:
    path = project / "content" / "notes" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    code, lines = check(project)
    assert code == 1
    assert expected in lines, lines


def test_yaml_tags_never_build_objects_or_run_code(project: Path, tmp_path: Path) -> None:
    witness = tmp_path / "pwned"
    write_note(project, "2024/tagged.md", NOTE.replace(
        "title: A development", f"title: !!python/object/apply:os.system ['touch {witness}']"))
    code, lines = check(project)
    assert code == 1
    assert not witness.exists()
    assert any(line.startswith("content/notes/2024/tagged.md:2: front matter: YAML") for line in lines), lines


@pytest.mark.parametrize("date, expected", [
    ("031231", "'031231' is a bare number, which could be several dates"),
    ("2024-03-05 10:00 PST", "'2024-03-05 10:00 PST' names a time zone that is not known"),
    ("Dec 31, 2023 10:00 EST", "'Dec 31, 2023 10:00 EST' names a time zone that is not known"),
    ("junk", "'junk' has no four-digit year"),
    ("junk 2024", "cannot read 'junk 2024' as a date"),
    ("2024-03-05T25:00", "'2024-03-05T25:00' has a time of day or time zone offset that does not exist"),
    ("'-2024-03-05'", "'-2024-03-05' starts with a sign"),
])
def test_a_date_is_refused_rather_than_guessed(project: Path, date: str, expected: str) -> None:
    write_note(project, "2024/dated.md", NOTE.replace("date: 2024-11-05", f"date: {date}", 1))
    code, lines = check(project)
    assert code == 1
    assert any(line.startswith(f"content/notes/2024/dated.md:3: date: {expected}") for line in lines), lines


def test_a_time_zone_never_moves_the_day(project: Path) -> None:
    """23:30 in New York is the next day in UTC; the note keeps the day the source wrote."""
    write_note(project, "2024/late.md", NOTE.replace("date: 2024-11-05", "date: 2024-11-05T23:30:00-05:00", 1))
    brief(project, "build", check=True)
    page = (project / "build" / "docs" / "notes" / "late.md").read_text(encoding="utf-8")
    assert 'datetime="2024-11-05"' in page


@pytest.mark.browser
def test_search_shows_hostile_text_as_text(hostile: Path, browser) -> None:  # noqa: F811 (the session's Chromium)
    """Pagefind's index holds the pages' text, markup-looking parts included: the search box shows it, never runs it."""
    import functools
    import http.server
    import threading

    from test_browser import _Quiet, open_page, search

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(hostile / "site")))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_port}/"
    try:
        context, page, watch = open_page(browser, (url,))
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(url)
        for query, first in (("Evil Actor", "actors/evil-actor/"), ("Pasted", "notes/hostile-paste/"),
                             ("HX50", "notes/hostile-paste/")):
            assert search(page, query)[0] == url + first, query
            shown = page.inner_text(".md-search-result__list")
            assert "<" in shown or "‹" in shown  # the payloads are shown …
            assert page.locator(".md-search-result__list :is(script, img, iframe, svg, object, embed)").count() == 0
        assert dialogs == []  # … and nothing ran
        context.close()
        watch.check()
    finally:
        httpd.shutdown()
        httpd.server_close()
