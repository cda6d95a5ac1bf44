"""The one slug function, and the check that a file name makes a safe slug."""
from __future__ import annotations

import re
import unicodedata

MAX_SLUG = 80
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def slugify(text: str, limit: int = MAX_SLUG) -> str:
    """ASCII, lowercase, hyphenated: 'Mohammed Shia al-Sudani' -> 'mohammed-shia-al-sudani'."""
    text = text.replace("'", "").replace("\u2019", "")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0] or slug[:limit]
    return slug


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
