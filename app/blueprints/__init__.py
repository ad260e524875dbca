"""One package per section of the platform."""
