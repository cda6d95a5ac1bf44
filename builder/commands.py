"""Imports the modules that add subcommands to `brief` (pdf, ingest …)."""
from __future__ import annotations
