"""Fault tests: SMTP, database, disk and several processes (QUALITY.md 20, 21, 23)."""
