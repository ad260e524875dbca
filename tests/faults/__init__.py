"""Fault tests: SMTP, database, disk and several processes (docs/requirements.md, Q20, Q21, Q23)."""
