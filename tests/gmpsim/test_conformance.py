"""The shared conformance corpus: Go's own channel tests and programs with real go1.19/go1.27 output.

Every manifest entry runs under gmpsim with ``--gomaxprocs 1`` and must give the same stdout,
the same stderr (up to the goroutine header) and the same exit code as the real Go recorded.
Entries that use language gmpsim does not support yet are skipped with the construct named.
"""

from __future__ import annotations

import pytest

from gmpsim.conformance import Entry, check, go_test_dir, manifest_entries
from tests.conftest import SHARED

CORPUS = SHARED / "conformance" / "go-programs"
TEST_DIR = go_test_dir()
ENTRIES = list(manifest_entries(CORPUS, TEST_DIR)) if CORPUS.exists() else []


@pytest.mark.skipif(not CORPUS.exists(), reason=f"the shared corpus is not at {CORPUS}")
@pytest.mark.skipif(TEST_DIR is None, reason="golang-1.19-src (Go's test directory) is not installed")
@pytest.mark.parametrize("entry", ENTRIES, ids=[e.name for e in ENTRIES])
def test_conformance_entry(entry: Entry) -> None:
    result, detail = check(entry)
    if result == "unsupported":
        pytest.skip(f"gmpsim does not support {detail}")
    assert result == "passed", detail
