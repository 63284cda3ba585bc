"""Build cache: a key per step, and the record of what that key produced, kept in ``ROOT/cache/``.

A step's key is the hash of everything that can change its result, after BuildKit's cache keys:

- the key of the state it starts from (the base image's manifest digest, ``scratch``, another
  stage's result key, or the previous step's key);
- the instruction after variable expansion, with its flags;
- what it reads and what it runs with: content digests of the context files it copies (after
  ``.dockerignore``), the result keys of the stages it copies from, and for ``RUN`` the
  environment (ENV and the build args in scope), working directory, user, shell and network.

Metadata instructions (``ENV``, ``LABEL``, ``CMD``…) change no files, so they get no record; the
ones that change what a later ``RUN`` sees (``ENV``, ``USER``…) still reach that step's key
through its inputs.

A record names the layer blob the step produced (or that it changed nothing) and when it was first
made; a hit reuses both, so a fully cached rebuild gives a byte-identical image. Records are
written to a temporary name and renamed after the layer blob is in the store, so a build killed at
any point leaves either no record or a complete one.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Mapping
from pathlib import Path

from stagebuild.record import Record, asdict

RECORD_FORMAT = 1


def cache_key(parent: str, instruction: str, inputs: Mapping[str, object]) -> str:
    """The key of a step: ``cache_key(base_key, "RUN make", {"env": [...], "workdir": "/src"})``.

    ``inputs`` must be JSON-serialisable; its order does not matter.
    """
    payload = json.dumps(
        {"parent": parent, "instruction": instruction, "inputs": inputs},
        sort_keys=True,
        separators=(",", ":"),
    )
    return "sha256:" + hashlib.sha256(payload.encode()).hexdigest()


class CachedLayer(Record):
    """The layer blob a step produced, as the image store knows it."""

    digest: str  # of the compressed blob
    diff_id: str  # of the uncompressed tar
    size: int  # compressed bytes
    media_type: str


class CacheRecord(Record):
    """What a step with this ``key`` produced; ``layer`` is None when it changed no file."""

    key: str
    layer: CachedLayer | None
    created: str  # RFC 3339 time the step first ran; reused on hits so digests do not move


class CacheStore:
    """Records in ``ROOT/cache/<hex>.json``; safe for concurrent builds (writes are renames)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, key: str) -> Path:
        algorithm, _, hexdigest = key.partition(":")
        if algorithm != "sha256" or len(hexdigest) != 64:
            raise ValueError(f"not a cache key: {key!r}")
        return self.directory / f"{hexdigest}.json"

    def get(self, key: str) -> CacheRecord | None:
        """The record for ``key``, or None; an unreadable record counts as a miss."""
        try:
            data = json.loads(self._path(key).read_text())
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("format") != RECORD_FORMAT or data.get("key") != key:
            return None
        try:
            layer = data["layer"]
            return CacheRecord(
                key=key,
                layer=None if layer is None else CachedLayer(**layer),
                created=str(data["created"]),
            )
        except (KeyError, TypeError):
            return None

    def put(self, record: CacheRecord) -> None:
        """Store ``record`` atomically (temporary file, fsync, rename)."""
        import tempfile  # (and its ``random``) only when a step was built: a cache hit writes nothing

        self.directory.mkdir(parents=True, exist_ok=True)
        data = {"format": RECORD_FORMAT, **asdict(record)}
        fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w") as out:
                json.dump(data, out, sort_keys=True)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, self._path(record.key))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def clear(self) -> None:
        """Drop every record (``stagebuild prune --all``, ``--no-cache`` does not need this)."""
        shutil.rmtree(self.directory, ignore_errors=True)
