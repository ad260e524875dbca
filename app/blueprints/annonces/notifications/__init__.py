"""Emails to members about annonces (the threads' messages excepted) and
who receives them."""
