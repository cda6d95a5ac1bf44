"""What every brief gets without writing it: templates, theme overrides, CSS, MkDocs settings
and the scaffold of `brief new`. A brief's own templates/ overrides any of them, file by file."""
from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"  # pages/, partials/, feeds/, pdf/, assets/ and overrides/ (Material's custom_dir)
MKDOCS = HERE / "mkdocs.yml"  # settings the templates need, used for every one a project's mkdocs.yml leaves out
SCAFFOLD = HERE / "scaffold"  # the files of a new brief
