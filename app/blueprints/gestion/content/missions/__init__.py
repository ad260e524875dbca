"""The supra-communal missions."""
