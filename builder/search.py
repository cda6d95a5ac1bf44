"""Search: the registry's names for the search box, and Pagefind's index of the built site.

The published site searches with Pagefind (https://pagefind.app): an index in small fragments,
fetched only as a query needs them, made from the finished HTML by `brief site` (and by
`brief serve` after every rebuild). Material's search box stays; `assets/search.js` answers it,
putting first the entity a query names (by any of its names) and the notes filed under it. The
offline copy keeps Material's own search (lunr, from an inlined index), which works from file://.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from . import paths
from .config import Project
from .index import Index
from .model import kind_of
from .problems import BriefError, Problem
from .sanitize import display_title
from .write import Files

NAMES = "assets/search-names.json"  # what assets/search.js knows of the registry
BUNDLE = "pagefind"  # the folder of the site Pagefind writes its index and scripts into
# What Material's search leaves out (data-search-exclude) Pagefind leaves out too: entries that
# repeat a note, relation lists, charts, the pager.
EXCLUDE = "[data-search-exclude]"
MATERIAL_SEARCH = ("search", "material/search")


def names_file(project: Project, index: Index) -> Files:
    """Every registry entry's names, page and filter: how the search box knows what a query names.

    Names as the pages show them (display_title), so each is also the filter value of its pages."""
    entries = [{"name": display_title(term.name), "names": [display_title(name) for name in term.names],
                "filter": kind_of(term.kind).singular, "url": paths.url(paths.term(term)),
                "notes": len(index.notes_of(term))} for term in index.terms]
    return {NAMES: json.dumps(entries, ensure_ascii=False, separators=(",", ":"))}


def uses_pagefind(plugins: list | None) -> bool:
    """A site searches with Pagefind unless its configuration lists Material's search plugin."""
    names = [next(iter(p)) if isinstance(p, dict) else p for p in plugins or []]
    return not any(name in MATERIAL_SEARCH for name in names)


def index_site(site: Path) -> None:
    """Pagefind's index of the built site in `site`/pagefind/; BriefError with Pagefind's output on failure."""
    _pagefind(site, site / BUNDLE)


def reindex_site(site: Path) -> None:
    """The same for a site being served: the new index is made beside the old one, then moved over it
    file by file, the entry file (which names the rest) last. Pagefind names its other files by their
    content, and the old ones stay: a reader who loaded the old index goes on searching it, and a
    search never meets a missing piece or an index with pages left out."""
    fresh = site / f".{BUNDLE}-new"
    shutil.rmtree(fresh, ignore_errors=True)
    _pagefind(site, fresh)
    bundle = site / BUNDLE
    entry = fresh / "pagefind-entry.json"
    for path in sorted(p for p in fresh.rglob("*") if p.is_file() and p != entry):
        target = bundle / path.relative_to(fresh)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)
    os.replace(entry, bundle / entry.name)
    shutil.rmtree(fresh, ignore_errors=True)


def _pagefind(site: Path, output: Path) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(output),
               "--exclude-selectors", EXCLUDE, "--quiet"]
    try:
        done = subprocess.run(command, capture_output=True, text=True)
    except OSError as exc:
        raise BriefError(f"cannot run Pagefind ({exc.strerror}); install it: pip install 'pagefind[bin]'") from None
    if done.returncode != 0:
        output = (done.stdout + done.stderr).strip().splitlines()[-20:]
        hint = " (pip install 'pagefind[bin]')" if "No module named" in done.stderr else ""
        raise BriefError([Problem(str(site), 0, "search", f"Pagefind could not index the site{hint}; the previous "
                                  "site is kept:\n  " + "\n  ".join(output))])
    stable_filters(output)


# Pagefind 1.5 writes each filter's values in hash-map order, different on every run (its own
# TODO: "Change filter indexes to BTree to give them a stable hash"), so the filter files, and the
# metadata file that names them, change name and bytes from build to build. They are rewritten
# here with the values sorted. Pagefind's files are gzipped 'pagefind_dcd' + CBOR (definite lengths).
_PREFIX = b"pagefind_dcd"


def stable_filters(bundle: Path) -> None:
    """Rewrite Pagefind's filter indexes (and the metadata naming them) in sorted order, named by content."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, info in entry["languages"].items():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read_cbor(meta_path)
        filters = []
        for name, old in meta[3]:  # MetaIndex.filters: [filter, hash]
            index = _read_cbor(bundle / "filter" / f"{old}.pf_filter")  # FilterIndex: [filter, [[value, pages]]]
            data = _cbor([index[0], sorted(index[1], key=lambda value: value[0])])
            new = f"{language}_{hashlib.sha1(data).hexdigest()[:10]}"
            (bundle / "filter" / f"{old}.pf_filter").unlink()
            (bundle / "filter" / f"{new}.pf_filter").write_bytes(_gzip(data))
            filters.append([name, new])
        meta[3] = sorted(filters)
        meta[4] = sorted(meta[4], key=lambda sort: sort[0])  # MetaIndex.sorts: [sort, pages]
        data = _cbor(meta)
        info["hash"] = f"{language}_{hashlib.sha1(data).hexdigest()[:10]}"
        meta_path.unlink()
        (bundle / f"pagefind.{info['hash']}.pf_meta").write_bytes(_gzip(data))
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _gzip(data: bytes) -> bytes:
    return gzip.compress(_PREFIX + data, compresslevel=9, mtime=0)


def _read_cbor(path: Path) -> list:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(_PREFIX):
        raise BriefError(f"{path}: not a Pagefind file this version of brief knows; pin pagefind[bin] to 1.5")
    value, end = _uncbor(raw, len(_PREFIX))
    if end != len(raw) or _cbor(value) != raw[len(_PREFIX):]:
        raise BriefError(f"{path}: not a Pagefind file this version of brief knows; pin pagefind[bin] to 1.5")
    return value


def _uncbor(data: bytes, at: int) -> tuple[object, int]:
    """One CBOR item (unsigned integers, text, arrays: all Pagefind's metadata holds) and where it ends."""
    major, info, at = data[at] >> 5, data[at] & 31, at + 1
    if info < 24:
        length = info
    elif info <= 27:
        size = 1 << (info - 24)
        length, at = int.from_bytes(data[at:at + size], "big"), at + size
    else:
        raise BriefError(f"unexpected CBOR item {data[at - 1]:#x} in Pagefind's index")
    if major == 0:
        return length, at
    if major == 3:
        return data[at:at + length].decode("utf-8"), at + length
    if major == 4:
        items = []
        for _ in range(length):
            item, at = _uncbor(data, at)
            items.append(item)
        return items, at
    raise BriefError(f"unexpected CBOR type {major} in Pagefind's index")


def _cbor(value: object) -> bytes:
    """CBOR of unsigned integers, text and arrays, shortest lengths first (as Pagefind writes it)."""
    if isinstance(value, int):
        return _head(0, value)
    if isinstance(value, str):
        text = value.encode("utf-8")
        return _head(3, len(text)) + text
    return _head(4, len(value)) + b"".join(_cbor(item) for item in value)


def _head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    size = next(s for s in (1, 2, 4, 8) if n < 1 << (8 * s))
    return bytes([major << 5 | (24 + (1, 2, 4, 8).index(size))]) + n.to_bytes(size, "big")
