"""The audit log (journal): who did what, when."""
