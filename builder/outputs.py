"""Registers the optional outputs (feeds, charts, PDF) with the build's extension lists."""
from __future__ import annotations
