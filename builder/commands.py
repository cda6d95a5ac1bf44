"""Imports the modules that add subcommands to `brief` (pdf, ingest …)."""
from __future__ import annotations
from . import pdf_cli  # noqa: F401  (brief pdf)
from . import offline  # noqa: F401  (brief offline)
from . import ingest_cli  # noqa: F401  (brief ingest, inbox, promote)
