"""dockerfile layer."""
