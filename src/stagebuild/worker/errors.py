"""Errors of the worker that the solver catches around every step, hit or miss.

Here rather than beside the code that raises them, so catching them does not import the snapshot
machinery, which a fully cached build never uses.
"""


class SnapshotError(RuntimeError):
    """A snapshot could not be mounted, unmounted or diffed."""
