"""`brief ingest --feeds`: content/feeds.yml polled with conditional requests against a loopback server."""
from __future__ import annotations

import http.server
import json
import threading
import time
from email.utils import formatdate
from pathlib import Path

import pytest

from builder.frontmatter import read
from conftest import brief


STORIES = {
    "Talks resume": "Iraqi and Iranian negotiators will meet again in Baghdad next week to settle gas debts.",
    "Factions told to stop": "The prime minister asked armed factions to halt drone launches toward Israel.",
    "Envoy in Baghdad": "A United States envoy carried a warning about militia attacks on coalition bases.",
    "Drone downed near Erbil": "Kurdish air defences shot down a drone approaching the airport on Sunday night.",
}


def rss(title: str, entries: list[tuple[str, str]]) -> bytes:
    items = "".join(f"""<item><title>{name}</title><guid>{guid}</guid><link>https://example.org/{guid}</link>
      <pubDate>Mon, 04 Nov 2024 08:00:00 GMT</pubDate>
      <description>&lt;p&gt;{STORIES[name]}&lt;/p&gt;</description></item>""" for guid, name in entries)
    return f"""<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>
      <link>https://example.org/</link>{items}</channel></rss>""".encode("utf-8")


class Site:
    """Feeds on a loopback address that honour If-None-Match and If-Modified-Since, counting what they send."""

    def __init__(self) -> None:
        self.feeds: dict[str, tuple[bytes, str, str]] = {}  # path -> (body, ETag, Last-Modified)
        self.log: list[dict] = []
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
                entry = {"path": self.path, "if_none_match": self.headers.get("If-None-Match"),
                         "if_modified_since": self.headers.get("If-Modified-Since"), "bytes": 0}
                site.log.append(entry)
                if self.path == "/broken.xml":
                    self.send_error(500)
                    entry["status"] = 500
                    return
                if self.path == "/slow.xml":  # a byte every 0.2 s, for 2 s at most: bounded
                    self.send_response(200)
                    self.send_header("Content-Length", "100")
                    self.end_headers()
                    try:
                        for _ in range(10):
                            self.wfile.write(b"<")
                            self.wfile.flush()
                            time.sleep(0.2)
                    except OSError:
                        pass
                    return
                body, etag, modified = site.feeds[self.path]
                unchanged = (etag and self.headers.get("If-None-Match") == etag) or \
                    (modified and not etag and self.headers.get("If-Modified-Since") == modified)
                self.send_response(304 if unchanged else 200)
                if etag:
                    self.send_header("ETag", etag)
                if modified:
                    self.send_header("Last-Modified", modified)
                if unchanged:
                    self.end_headers()
                    entry["status"] = 304
                    return
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                entry.update(status=200, bytes=len(body))

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def requests(self, path: str) -> list[dict]:
        return [e for e in self.log if e["path"] == path]


@pytest.fixture
def site():
    s = Site()
    s.feeds["/etag.xml"] = (rss("Shafaq News", [("s-1", "Talks resume"), ("s-2", "Factions told to stop")]), '"v1"', "")
    s.feeds["/modified.xml"] = (rss("Axios", [("a-1", "Envoy in Baghdad")]), "",
                                formatdate(1730707200, usegmt=True))  # a fixed time: the test reads no clock
    threading.Thread(target=s.server.serve_forever, daemon=True).start()
    yield s
    s.server.shutdown()
    s.server.server_close()


def subscribe(root: Path, text: str) -> None:
    (root / "content" / "feeds.yml").write_text(text, encoding="utf-8")


def feeds_yml(base: str, *extra: str) -> str:
    return (f"feeds:\n  - url: {base}/etag.xml\n    source: Shafaq\n    tags: [security, talks]\n"
            f"  - url: {base}/modified.xml\n    source: Axios\n" + "".join(extra))


def inbox(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "content" / "inbox").glob("*.md"))}


def test_feeds_are_polled_and_unchanged_feeds_download_nothing(project: Path, site: Site):
    subscribe(project, feeds_yml(site.base))
    first = brief(project, "ingest", "--feeds", check=True)
    assert f"feed {site.base}/etag.xml (Shafaq News): 2 new, 0 skipped as seen" in first.stdout
    assert f"feed {site.base}/modified.xml (Axios): 1 new, 0 skipped as seen" in first.stdout
    assert "ingest: 3 created, 0 skipped as duplicates, 0 flagged as near-duplicates, 0 failed; " \
           "feeds: 2 polled, 0 unchanged, 0 failed" in first.stdout
    drafts = {read(project / "content" / "inbox" / n).meta["title"]: read(project / "content" / "inbox" / n).meta
              for n in inbox(project)}
    assert drafts["Talks resume"]["sources"][0]["name"] == "Shafaq News"  # the source feeds.yml names
    assert drafts["Talks resume"]["tags"] == ["security", "talks"]
    assert drafts["Envoy in Baghdad"]["sources"][0]["name"] == "Axios" and "tags" not in drafts["Envoy in Baghdad"]
    validators = json.loads((project / "build" / "ingest" / "feeds.json").read_text(encoding="utf-8"))
    assert validators == {f"{site.base}/etag.xml": {"etag": '"v1"'},
                          f"{site.base}/modified.xml": {"last_modified": "Mon, 04 Nov 2024 08:00:00 GMT"}}

    before, requests = inbox(project), len(site.log)
    second = brief(project, "ingest", "--feeds", check=True)
    assert f"feed {site.base}/etag.xml (Shafaq News): not modified since the last poll; nothing downloaded" \
           in second.stdout
    assert "ingest: 0 created, 0 skipped as duplicates, 0 flagged as near-duplicates, 0 failed; " \
           "feeds: 0 polled, 2 unchanged, 0 failed" in second.stdout
    again = site.log[requests:]
    assert [(e["path"], e["status"], e["bytes"]) for e in again] == [("/etag.xml", 304, 0), ("/modified.xml", 304, 0)]
    assert again[0]["if_none_match"] == '"v1"' and again[1]["if_modified_since"] == "Mon, 04 Nov 2024 08:00:00 GMT"
    assert inbox(project) == before


def test_a_changed_feed_brings_only_its_new_entries(project: Path, site: Site):
    subscribe(project, feeds_yml(site.base))
    brief(project, "ingest", "--feeds", check=True)
    site.feeds["/etag.xml"] = (rss("Shafaq News", [("s-3", "Drone downed near Erbil"), ("s-1", "Talks resume"),
                                                   ("s-2", "Factions told to stop")]), '"v2"', "")
    done = brief(project, "ingest", "--feeds", check=True)
    assert f"feed {site.base}/etag.xml (Shafaq News): 1 new, 2 skipped as seen" in done.stdout
    assert len(inbox(project)) == 4
    (project / "build" / "ingest" / "feeds.json").unlink()  # safe to delete: all is fetched, nothing is made twice
    fresh = brief(project, "ingest", "--feeds", check=True)
    assert "ingest: 0 created, 4 skipped as duplicates" in fresh.stdout
    assert [e["if_none_match"] for e in site.requests("/etag.xml")] == [None, '"v1"', None]


def test_a_failing_or_slow_feed_is_reported_and_the_others_are_polled(project: Path, site: Site):
    subscribe(project, feeds_yml(site.base, f"  - url: {site.base}/broken.xml\n    source: Axios\n",
                                 f"  - url: {site.base}/slow.xml\n    source: Axios\n    deadline: 0.5\n"))
    started = time.monotonic()
    done = brief(project, "ingest", "--feeds")
    assert time.monotonic() - started < 10  # the slow feed is abandoned at its deadline, not after its 2 s
    assert done.returncode == 1
    assert f"feed {site.base}/broken.xml (Axios): failed: the server answered 500 Internal Server Error" in done.stderr
    assert f"feed {site.base}/slow.xml (Axios): failed: no complete answer within the deadline of 0.5 s" in done.stderr
    assert "ingest: 3 created" in done.stdout and "feeds: 2 polled, 0 unchanged, 2 failed" in done.stdout
    validators = json.loads((project / "build" / "ingest" / "feeds.json").read_text(encoding="utf-8"))
    assert sorted(validators) == [f"{site.base}/etag.xml", f"{site.base}/modified.xml"]


@pytest.mark.parametrize("text, message", [
    ("feeds:\n  - url: https://example.org/rss\n    source: Shafak News\n",
     "content/feeds.yml:3: feeds[0].source: unknown source 'Shafak News'. Did you mean 'Shafaq News'?"),
    ("feeds:\n  - source: Axios\n",
     "content/feeds.yml:2: feeds[0].url: missing; add 'url: …'"),
    ("feeds:\n  - url: ftp://example.org/rss\n    source: Axios\n",
     "content/feeds.yml:2: feeds[0].url: expected an address starting with https:// or http://, "
     "received 'ftp://example.org/rss'"),
    ("feeds:\n  - url: https://example.org/rss\n    source: Axios\n  - url: https://example.org/rss\n    source: Axios\n",
     "content/feeds.yml:4: feeds[1].url: 'https://example.org/rss' is listed twice (also feeds[0]); keep one entry"),
    ("feeds:\n  - url: https://example.org/rss\n    source: Axios\n    deadline: forever\n",
     "content/feeds.yml:4: feeds[0].deadline: expected a number of seconds from 1 to 600, received 'forever'"),
    ("- url: https://example.org/rss\n",
     "content/feeds.yml:1: feeds: expected a list 'feeds:' of entries with 'url:' and 'source:'; see the README"),
    ("feeds:\n  - url: https://example.org/rss\n   source: Axios\n",
     "content/feeds.yml:3: YAML syntax error"),
])
def test_feeds_yml_mistakes_name_the_line_and_the_fix(project: Path, text: str, message: str):
    subscribe(project, text)
    done = brief(project, "ingest", "--feeds")
    assert done.returncode == 1
    assert message in done.stderr
    assert inbox(project) == {}


def test_unknown_keys_warn_and_a_missing_file_says_what_to_write(project: Path, site: Site):
    subscribe(project, feeds_yml(site.base) + "    tag: [typo]\n")
    done = brief(project, "ingest", "--feeds", check=True)
    assert "content/feeds.yml:7: feeds[1].tag: (warning) unknown field 'tag' is ignored. Did you mean 'tags'?" \
           in done.stderr
    (project / "content" / "feeds.yml").unlink()
    missing = brief(project, "ingest", "--feeds")
    assert missing.returncode == 1 and "content/feeds.yml: no such file; list the feeds to follow" in missing.stderr
    nothing = brief(project, "ingest")
    assert nothing.returncode == 1 and "or --feeds to poll the feeds listed in content/feeds.yml" in nothing.stderr
