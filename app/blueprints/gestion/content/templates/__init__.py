"""The document templates."""
