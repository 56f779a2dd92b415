"""dutygraph."""
