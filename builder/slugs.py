"""The one slug function, and the check that a file name makes a safe slug."""
from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_SLUG = 80
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


# Cyrillic letters in ASCII (a simple, readable scheme; the slug is a name, not a scholarly transliteration).
_CYRILLIC = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяєіїґў",
    "a b v g d e yo zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya ye i yi g u".split()))
_TRANSLITERATE = str.maketrans({**{k: ("" if v == "-" else v) for k, v in _CYRILLIC.items()},
                                **{k.upper(): ("" if v == "-" else v) for k, v in _CYRILLIC.items()}})


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text.translate(_TRANSLITERATE)).encode("ascii", "ignore").decode("ascii")


def slugify(text: str, limit: int = MAX_SLUG) -> str:
    """ASCII, lowercase, hyphenated: 'Mohammed Shia al-Sudani' -> 'mohammed-shia-al-sudani' (Cyrillic transliterated)."""
    text = text.replace("'", "").replace("\u2019", "")
    ascii_text = _ascii(text)
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0] or slug[:limit]
    return slug


def title_slug(title: str, key: str, limit: int = MAX_SLUG) -> str:
    """A slug for a title in any script: its ASCII form, or 'article-<8 hex>' (a hash of `key`) when
    most of its letters have none (Arabic, Persian), so such titles never share one name."""
    letters = [ch for ch in title if ch.isalpha()]
    readable = sum(bool(_ascii(ch).strip()) for ch in letters)
    slug = slugify(title, limit)
    if slug and readable * 2 >= len(letters):
        return slug
    return "article-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]


def slug_problem(stem: str) -> str | None:
    """Why a file stem cannot be a slug (it becomes a URL and a path), or None when it can."""
    if not stem:
        return "the file name is empty"
    if len(stem) > MAX_SLUG:
        return f"the file name is {len(stem)} characters long; keep it under {MAX_SLUG + 1}, e.g. '{slugify(stem)}'"
    if not _SLUG.fullmatch(stem):
        suggestion = slugify(stem) or "a-short-name"
        shown = stem.encode("unicode_escape").decode("ascii") if not stem.isprintable() else stem
        return (f"'{shown}' is not a valid slug (lowercase ASCII letters, digits and single hyphens); "
                f"rename the file to '{suggestion}.md'")
    return None
