"""The PDF brief: the document (HTML from the index), the engine (WeasyPrint) and `brief pdf`."""
