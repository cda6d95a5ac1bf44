"""Read a Markdown file with YAML front matter, keeping the line of every key.

Only the safe loader is used; timestamps are left as strings so that `dates` reads every
date (and `2024-13-01` becomes a message with a line, not a bare ValueError); anchors and
aliases are refused, which also refuses alias bombs.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .memo import kept

MAX_BYTES = 1_000_000
FENCE = "---"


_SAFE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it: same rules, faster


class _Loader(_SAFE):  # type: ignore[misc, valid-type]
    """The safe loader without implicit timestamps: dates stay text for `dates.parse_date`."""


_INT = "tag:yaml.org,2002:int"
_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:timestamp", _INT)]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# Plain decimal integers only: YAML 1.1 would read `date: 031231` as octal 12953 and `10:30`
# as 630 (base 60), turning what the analyst wrote into another number before anyone sees it.
_Loader.add_implicit_resolver(_INT, re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))


class FrontMatterError(ValueError):
    """Front matter that cannot be read; carries the 1-based line and the fix."""

    def __init__(self, line: int, message: str, field: str = "file") -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.field = field


@kept
@dataclass(frozen=True, slots=True)
class Document:
    """A file split into front matter (with key lines) and body."""

    path: Path
    meta: dict
    lines: dict = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    digest: str = ""  # content_digest(meta, body): what editions record of the file


    def line(self, *keys: object) -> int:
        """The line of a key path such as ('sources', 0, 'name'), falling back to its parents."""
        while keys:
            if keys in self.lines:
                return self.lines[keys]
            keys = keys[:-1]
        return 1


DIGEST_LENGTH = 16  # hex digits of SHA-256 kept: 64 bits, ample for any brief's notes


def _canonical(value: object) -> object:
    """YAML values as JSON with a fixed form: mapping keys as text, anything unusual as its repr."""
    if isinstance(value, dict):
        return {str(key): _canonical(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_canonical(item) for item in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return repr(value)


def content_digest(meta: dict, body: str) -> str:
    """A file's content hash: its front matter as parsed (so comments, quoting and key order do not
    count) and its body with line ends normalised and trailing spaces and blank lines dropped."""
    lines = [line.rstrip() for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    text = "\n".join(lines).strip("\n")
    data = json.dumps({"front matter": _canonical(meta), "body": text}, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:DIGEST_LENGTH]


def decode(raw: bytes) -> str:
    """UTF-8 text (a BOM is dropped); FrontMatterError says where the first bad byte is."""
    if len(raw) > MAX_BYTES:
        raise FrontMatterError(1, f"is {len(raw):,} bytes; the limit is {MAX_BYTES:,}: split it into several notes")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FrontMatterError(line, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); re-save the file as UTF-8") from None
    if "\x00" in text:
        raise FrontMatterError(text[: text.index("\x00")].count("\n") + 1, "contains a NUL character; remove it")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split(text: str) -> tuple[str | None, str, int]:
    """(front matter or None, body, 1-based line where the body starts)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != FENCE:
        return None, text, 1
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip() in (FENCE, "..."):
            return "\n".join(lines[1:number]), "\n".join(lines[number + 1:]), number + 2
    raise FrontMatterError(1, "opened with '---' on line 1 but never closed; add a line '---' after the fields",
                           "front matter")


def _check_events(text: str) -> None:
    if "&" not in text and "*" not in text:  # an anchor is written with &, an alias with *: none here
        return
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise FrontMatterError(event.start_mark.line + 2,
                                   "YAML anchors and aliases (& and *) are not allowed; write the values out",
                                   "front matter")


def _record_lines(node: yaml.Node, path: tuple, lines: dict) -> None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                child = path + (key.value,)
                lines[child] = key.start_mark.line + 2  # +1 for 1-based, +1 for the '---' line
                _record_lines(value, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[path + (index,)] = item.start_mark.line + 2
            _record_lines(item, path + (index,), lines)


def parse_yaml(text: str) -> tuple[object, dict]:
    """Safe-load YAML text and the line of every key path."""
    try:
        _check_events(text)
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else 1
        what = exc.problem or exc.context or "invalid YAML"
        raise FrontMatterError(line, f"YAML syntax error: {what}; check indentation, colons and quotes on this line",
                               "front matter") from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(1, f"YAML error: {exc}", "front matter") from None
    lines: dict = {}
    if node is not None:
        _record_lines(node, (), lines)
    return data, lines


def read(path: Path, *, require_meta: bool = True, raw: bytes | None = None) -> Document:
    """Read one content file (whose bytes may be given); FrontMatterError for anything unreadable."""
    text = decode(path.read_bytes() if raw is None else raw)
    if not text.strip():
        raise FrontMatterError(1, "is empty; write front matter between two '---' lines, then the body")
    meta_text, body, body_line = split(text)
    if meta_text is None:
        if require_meta:
            raise FrontMatterError(1, "missing; start the file with '---', the fields (title: …), and '---'", "front matter")
        return Document(path, {}, {}, body, 1)
    data, lines = parse_yaml(meta_text)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FrontMatterError(2, f"expected 'key: value' lines, received {type(data).__name__}", "front matter")
    return Document(path, data, lines, body, body_line, content_digest(data, body))


def read_yaml(path: Path) -> Document:
    """A plain YAML file (no '---' fences) as a Document whose body is empty; lines are the file's own."""
    text = decode(path.read_bytes())
    try:
        data, lines = parse_yaml(text)
    except FrontMatterError as exc:
        raise FrontMatterError(max(exc.line - 1, 1), exc.message, "file" if exc.field == "front matter" else exc.field) from None
    if data is None:
        raise FrontMatterError(1, "is empty; write 'key: value' lines", "file")
    if not isinstance(data, dict):
        raise FrontMatterError(1, f"expected 'key: value' lines, received {type(data).__name__}", "file")
    return Document(path, data, {keys: line - 1 for keys, line in lines.items()})
