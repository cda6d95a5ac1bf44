"""Intelligence brief generator: curated notes -> timeline, entity pages, feeds and PDF."""
from __future__ import annotations

__version__ = "0.1.0"
