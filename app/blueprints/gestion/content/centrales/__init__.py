"""The purchasing centrals."""
