"""Registers the optional outputs (feeds, charts, PDF) with the build's extension lists."""
from __future__ import annotations
from . import feeds  # noqa: F401  (RSS, Atom and JSON Feed for the brief and every entity)
from . import pdf  # noqa: F401  (brief.pdf in the published site)
