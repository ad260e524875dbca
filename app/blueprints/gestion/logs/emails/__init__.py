"""The email log: the outbox, a message, sending a failed one again."""
