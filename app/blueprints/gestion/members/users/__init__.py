"""The users: list, suspension, anonymisation."""
