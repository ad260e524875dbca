"""The CSV exports."""
