"""The manager role: granting, withdrawing, creating a manager."""
