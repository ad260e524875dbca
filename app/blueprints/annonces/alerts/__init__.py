"""Saved searches, mailed as alerts."""
