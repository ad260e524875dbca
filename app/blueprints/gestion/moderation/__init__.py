"""Moderation of the annonces."""
