"""Back office logs: the emails sent by the platform and the audit log."""
