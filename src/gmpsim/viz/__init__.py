"""Views of a run computed from its event log: Chrome trace JSON, an offline HTML timeline."""
