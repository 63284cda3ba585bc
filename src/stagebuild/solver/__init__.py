"""solver layer."""
