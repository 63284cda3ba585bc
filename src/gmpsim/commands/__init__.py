"""Handlers of the ``gmpsim`` subcommands that sit on the Python API."""
