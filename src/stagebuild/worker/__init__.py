"""The worker: where build steps touch files and run processes.

- ``snapshot``: writable views over read-only layers whose changes come out as an overlay-format
  diff (``OverlaySnapshotter`` on kernel overlayfs, ``CopySnapshotter`` where it cannot mount,
  ``choose_snapshotter`` picks);
- ``executor``: ``RuncExecutor`` runs a process in a root filesystem with runc from an OCI bundle;
- ``fileop``: COPY and ADD with Docker's semantics, and ``digest_sources`` for cache keys;
- ``run_command``: ``stagebuild run``;
- ``users``, ``paths``, ``fsops``: passwd/group lookups, symlink-safe joins inside a root, and the
  file tree primitives the others share.
"""
