"""image layer."""
