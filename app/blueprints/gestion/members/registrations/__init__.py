"""The registration requests: lists by state, decisions, emails sent again."""
