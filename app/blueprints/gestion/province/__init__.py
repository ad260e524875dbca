"""The requests addressed to the Province (its lending of temporary staff)."""
