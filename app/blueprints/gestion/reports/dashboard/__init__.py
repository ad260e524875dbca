"""The dashboard, the back office's home page."""
