"""The list of annonces, its filters, sort and pages."""
