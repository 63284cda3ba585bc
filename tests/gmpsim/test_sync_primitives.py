"""sync.RWMutex, Once, Cond and sync/atomic against the real go1.19 and go1.27 at GOMAXPROCS=1.

Each program in data/sync prints the same stdout, the same stderr up to the first goroutine
header (a deadlock names the blocked goroutine's wait reason: ``semacquire`` in go1.19,
``sync.RWMutex.RLock`` and friends from go1.20; ``sync.Cond.Wait`` in both) and exits alike.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gmpsim.api import run
from tests.gmpsim.realgo import gmpsim_and_real

PROGRAMS = sorted((Path(__file__).parent / "data" / "sync").glob("*.go"))

pytestmark = [pytest.mark.oracle, pytest.mark.xdist_group("realgo")]


@pytest.mark.parametrize("version", ["1.19", "1.27"])
@pytest.mark.parametrize("program", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_sync_program_behaves_as_real_go(
    program: Path, version: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    mine, real = gmpsim_and_real(program, version, tmp_path_factory.getbasetemp())
    assert mine == real


def _park_reasons(source: str, go: str) -> list[str]:
    from gmpsim.runtime.trace import GoPark

    r = run(source, go=go, ncpu=2, gomaxprocs=1, until="1s")
    return [e.reason for e in r.events if isinstance(e, GoPark)]


WRITER_WAITS = """package main

import (
	"fmt"
	"sync"
	"time"
)

var rw sync.RWMutex

//go:noinline
func writer() {
	rw.Lock()
	fmt.Println("writer")
	rw.Unlock()
}

func main() {
	rw.RLock()
	go writer()
	time.Sleep(time.Millisecond)
	rw.RUnlock()
	time.Sleep(time.Millisecond)
}
"""


def test_a_writer_waiting_for_readers_parks_with_the_releases_reason() -> None:
    assert "sync.RWMutex.Lock" in _park_reasons(WRITER_WAITS, "1.27")
    assert "sync.RWMutex.Lock" not in _park_reasons(WRITER_WAITS, "1.19")


def test_unlocking_an_unlocked_rwmutex_is_fatal() -> None:
    src = 'package main\n\nimport (\n\t"fmt"\n\t"sync"\n)\n\nfunc main() {\n\tvar rw sync.RWMutex\n'
    src += '\tfmt.Println("a")\n\tfmt.Println("b")\n\trw.RUnlock()\n}\n'
    r = run(src, go="1.19", ncpu=1, until="1s")
    assert r.exit_code == 2
    assert r.stderr.startswith("fatal error: sync: RUnlock of unlocked RWMutex\n")
