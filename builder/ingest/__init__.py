"""Ingest: raw articles and feeds become checked draft notes in content/inbox/."""
