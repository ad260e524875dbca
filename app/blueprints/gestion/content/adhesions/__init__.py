"""The adherents of a central: the list, its CSV file, the decision on a request to join."""
