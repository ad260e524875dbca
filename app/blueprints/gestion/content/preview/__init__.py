"""The Markdown preview of the editors."""
