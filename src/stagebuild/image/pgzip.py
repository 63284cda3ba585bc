"""Reproducible gzip compressed on several cores, the way pigz does it.

Compression is most of the cost of exporting a layer, and :mod:`zlib` releases the GIL while it
works, so the stream is cut into fixed-size blocks that a thread pool deflates at the same time.
Each block is primed with the last 32 KiB of the block before it (deflate's whole window, so the
ratio stays that of one stream) and ends with a sync flush, which byte-aligns it; the blocks joined
in order are one valid deflate stream, and the last ends the stream.  The gzip header carries no
name and mtime 0, and the block size does not depend on the number of threads, so the same input
always gives the same bytes.

    >>> out = io.BytesIO()
    >>> with ThreadPoolExecutor(2) as pool:
    ...     gz = ParallelGzip(out.write, pool)
    ...     gz.write(b"data" * 1_000_000)
    ...     gz.close()
    >>> gzip.decompress(out.getvalue()) == b"data" * 1_000_000
    True

:mod:`gzip` and :mod:`zlib` compress on one core only; the block scheme is written here because no
maintained library does it reproducibly.
"""

from __future__ import annotations

import collections
import struct
import zlib
from collections.abc import Callable
from concurrent.futures import Executor, Future

BLOCK_SIZE = 1 << 20
_WINDOW = 32 * 1024
# ID1 ID2, CM=deflate, FLG=0 (no name, no comment), MTIME=0, XFL=0, OS=255 (unknown): host-independent.
_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"


def _deflate_block(block: bytes, primer: bytes, level: int, last: bool) -> bytes:
    if primer:
        compressor = zlib.compressobj(
            level, zlib.DEFLATED, -zlib.MAX_WBITS, 8, zlib.Z_DEFAULT_STRATEGY, primer
        )
    else:
        compressor = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(block) + compressor.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)


class ParallelGzip:
    """A gzip writer that hands ``emit`` the compressed bytes in order; call :meth:`close` at the end.

    At most ``2 × workers`` blocks are in flight, so memory stays a few MiB whatever the input size.
    """

    def __init__(self, emit: Callable[[bytes], object], pool: Executor, *, level: int = 6, workers: int = 2):
        self._emit = emit
        self._pool = pool
        self._level = level
        self._max_pending = max(2, 2 * workers)
        self._pending: collections.deque[Future[bytes]] = collections.deque()
        self._buffer = bytearray()
        self._primer = b""
        self._crc = 0
        self._size = 0
        emit(_HEADER)

    def write(self, data: bytes | bytearray | memoryview) -> int:
        self._buffer += data
        while len(self._buffer) >= BLOCK_SIZE:
            block = bytes(self._buffer[:BLOCK_SIZE])
            del self._buffer[:BLOCK_SIZE]
            self._submit(block, last=False)
        return len(data)

    def close(self) -> None:
        self._submit(bytes(self._buffer), last=True)
        self._buffer.clear()
        while self._pending:
            self._emit(self._pending.popleft().result())
        self._emit(struct.pack("<II", self._crc, self._size & 0xFFFFFFFF))

    def _submit(self, block: bytes, *, last: bool) -> None:
        self._crc = zlib.crc32(block, self._crc)
        self._size += len(block)
        self._pending.append(self._pool.submit(_deflate_block, block, self._primer, self._level, last))
        self._primer = block[-_WINDOW:]
        while len(self._pending) > self._max_pending or (self._pending and self._pending[0].done()):
            self._emit(self._pending.popleft().result())
