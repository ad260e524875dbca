"""The manager's help page."""
