"""Back office of the members: registrations, institutions, users, the manager role."""
