"""Layer steps: run a change on a snapshot of some layers and keep the diff as a cached layer.

Every step that changes files (RUN, COPY, ADD, WORKDIR) goes through ``LayerSteps.change``::

    outcome = steps.change(key, layers, lambda rootfs: do_it(rootfs))

On a cache hit (and without ``--no-cache``) nothing runs: the recorded layer comes back. On a miss
the layers are stacked in a snapshot (overlayfs, or the copy fallback), the action runs on its
root filesystem, the diff becomes a gzip layer in the content store, and only then is the cache
record written. The committed diff directory is kept as that layer's unpacked snapshot, so the next
step stacks it without extracting the tar again.

``LayerSteps.view`` mounts some layers for reading (``COPY --from``) and throws the mount away.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from stagebuild.image.content import Descriptor, Layer
from stagebuild.image.store import ImageStore, build_timestamp
from stagebuild.record import Record
from stagebuild.solver.cache import CachedLayer, CacheRecord, CacheStore, cache_key

if TYPE_CHECKING:
    from stagebuild.solver.remote_cache import RemoteCache
    from stagebuild.worker.snapshot import CopySnapshotter, OverlaySnapshotter


class StepOutcome(Record):
    """The layer a step produced (or reused), when it was first made, and whether it was cached."""

    layer: Layer
    created: str
    cached: bool


class LayerSteps:
    """Snapshots, layers and cache records of one store, shared by all stages of a build."""

    def __init__(
        self,
        store: ImageStore,
        choose_snapshotter: Callable[[], OverlaySnapshotter | CopySnapshotter],
        *,
        no_cache: bool = False,
        source_date_epoch: int | None = None,
        remote: RemoteCache | None = None,
    ) -> None:
        self.store = store
        self.remote = remote
        self._choose_snapshotter = choose_snapshotter
        self._snapshotter: OverlaySnapshotter | CopySnapshotter | None = None
        self._snapshotter_lock = threading.Lock()
        self._records: dict[str, CacheRecord] = {}  # every record this build used or made
        self._records_lock = threading.Lock()
        self.cache = CacheStore(store.cache_dir)
        self.no_cache = no_cache
        self.source_date_epoch = source_date_epoch
        self.work_dir = store.root / "worker" / "snapshots"
        self.work_dir.mkdir(parents=True, exist_ok=True)
        with os.scandir(self.work_dir) as entries:
            stale = any(entries)
        if stale:  # only a killed build leaves snapshots: a clean store never imports the worker
            from stagebuild.worker.snapshot import cleanup_stale_snapshots

            cleanup_stale_snapshots(self.work_dir)

    @property
    def snapshotter(self) -> OverlaySnapshotter | CopySnapshotter:
        """Chosen on first use: a fully cached build mounts nothing and need not probe overlayfs."""
        with self._snapshotter_lock:
            if self._snapshotter is None:
                self._snapshotter = self._choose_snapshotter()
            return self._snapshotter

    @property
    def records(self) -> list[CacheRecord]:
        """The cache records of every layer step of this build (for ``--cache-to``)."""
        with self._records_lock:
            return list(self._records.values())

    def _remember(self, record: CacheRecord) -> None:
        with self._records_lock:
            self._records[record.key] = record

    @property
    def snapshotter_used(self) -> bool:
        return self._snapshotter is not None

    def record_key(self, key: str) -> str:
        """The key a step's record is kept under: a layer made under ``SOURCE_DATE_EPOCH`` differs
        (mtimes clamped, times fixed), so a store warmed without it, or with another epoch, must
        not serve it."""
        if self.source_date_epoch is None:
            return key
        return cache_key(key, "SOURCE_DATE_EPOCH", {"epoch": self.source_date_epoch})

    def lookup(self, key: str) -> StepOutcome | None:
        """The cached outcome of ``key`` when its layer blob is still in the store."""
        if self.no_cache:
            return None
        record_key = self.record_key(key)
        record = self.cache.get(record_key)
        if record is not None and record.layer is not None and self.store.content.has(record.layer.digest):
            info = self.store.content.layer_info(record.layer.digest)
            uncompressed_size = info.uncompressed_size if info else None
        else:
            remote = self.remote.get(record_key) if self.remote is not None else None
            if remote is None:
                return None
            record, uncompressed_size = remote.record, remote.uncompressed_size
            self.cache.put(record)  # served locally from now on, once its blob has been pulled
        self._remember(record)
        cached = record.layer
        assert cached is not None  # records without a layer are never written
        descriptor = Descriptor(cached.media_type, cached.digest, cached.size)
        layer = Layer(descriptor, cached.diff_id, uncompressed_size)
        return StepOutcome(layer, record.created, cached=True)

    def ensure_local(self, layers: Sequence[Layer]) -> None:
        """Pull the blobs of ``layers`` that a ``--cache-from`` hit left in the registry."""
        if self.remote is not None:
            self.remote.fetch(layers)

    def lowers(self, layers: Sequence[Layer]) -> list[Path]:
        """The unpacked directories of ``layers`` (bottom first), extracting those not yet on disk.

        A layer that occurs twice (a ``chmod`` whose copy-up equals the COPY below it) is stacked
        once, at its upper place: overlayfs refuses the same lower twice, and applying identical
        content again on top gives the same tree as applying it at both places.
        """
        from stagebuild.image.layers import unpack_layer  # extracting: only when a step runs

        topmost = {layer.diff_id: index for index, layer in enumerate(layers)}
        unique = [layer for index, layer in enumerate(layers) if topmost[layer.diff_id] == index]
        self.ensure_local(unique)
        return [unpack_layer(self.store.content, layer) for layer in unique]

    def change(self, key: str, layers: Sequence[Layer], action: Callable[[Path], None]) -> StepOutcome:
        """The layer ``action`` makes on top of ``layers``: from the cache, else by running it."""
        hit = self.lookup(key)
        if hit is not None:
            return hit
        import uuid  # with the layer machinery: only when a step runs (uuid imports platform)

        from stagebuild.image.layers import write_layer

        target = self.work_dir / uuid.uuid4().hex
        with self.snapshotter.mount(self.lowers(layers), target) as snapshot:
            action(snapshot.rootfs)
            upper = snapshot.commit()
        try:
            layer = write_layer(upper, self.store.content, source_date_epoch=self.source_date_epoch)
            if self.source_date_epoch is None:
                # Under SOURCE_DATE_EPOCH the layer's mtimes are clamped but the diff's are not; the
                # next step must see what a fresh store would unpack, so it unpacks the layer.
                self._keep_as_snapshot(upper, layer)
        finally:
            shutil.rmtree(target, ignore_errors=True)
        created = build_timestamp(self.source_date_epoch)
        descriptor = layer.descriptor
        cached = CachedLayer(descriptor.digest, layer.diff_id, descriptor.size, descriptor.media_type)
        record = CacheRecord(key=self.record_key(key), layer=cached, created=created)
        self.cache.put(record)
        self._remember(record)
        return StepOutcome(layer, created, cached=False)

    def _keep_as_snapshot(self, upper: Path, layer: Layer) -> None:
        """Make the committed diff the layer's unpacked snapshot (it is already in that format)."""
        from stagebuild.image.layers import snapshot_path

        final = snapshot_path(self.store.content, layer.diff_id).parent
        if final.exists():
            return
        staging = final.parent / f".staging-{os.getpid()}-{os.urandom(6).hex()}"
        staging.mkdir(parents=True)
        try:
            os.rename(upper, staging / "fs")
            os.rename(staging, final)
        except OSError as exc:
            if exc.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    @contextlib.contextmanager
    def view(self, layers: Sequence[Layer]) -> Iterator[Path]:
        """A root filesystem of ``layers`` to read from; changes made to it are discarded."""
        import uuid  # as in change(): a mount is never needed on a cache hit

        target = self.work_dir / uuid.uuid4().hex
        with self.snapshotter.mount(self.lowers(layers), target) as snapshot:
            yield snapshot.rootfs
