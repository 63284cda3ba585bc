"""Every program in data/language against the real go1.19 and go1.27.3, byte for byte.

``gmpsim run --gomaxprocs 1`` must print what the real program prints at GOMAXPROCS=1: the same
stdout, the same stderr up to the ``goroutine N [...]:`` header (frames are not modelled) and the
same exit code.  Each program is named after what it pins down:

- ``types_``: sized integers wrap, conversions truncate, untyped constants and iota, declared
  types over basic ones (%T shows their names), float32 rounding, runes, bytes and strings;
- ``slices_``: append growth and ``cap`` as growslice rounds it, aliasing through re-slicing and
  3-index slices, ``copy``, maps (missing keys, comma-ok, ``delete``), ``range`` over slices,
  maps and strings by rune, keyed literals, and the run-time panics of bounds and nil maps;
- ``structs_`` and ``interfaces_``: methods on values and pointers, embedding, method sets,
  dispatch, type switches and assertions with Go's ``interface conversion`` messages;
- ``pointers_``: ``&x`` of every kind of variable, element and field, ``new``, ``*p``, pointers
  to arrays, nil dereferences, pointers shared between goroutines, loop variables whose address
  is taken, local types;
- ``recover_``: recover, re-panics, named results changed by deferred calls, runtime.Error
  values, Goexit; ``init_``: package initialisation order and several ``func init``;
- ``typecheck_``: the spec's typing rules for valid programs gmpsim once rejected;
- ``regress_``: constructs reduced from Go's own tests that gmpsim once got wrong;
- ``library_``: the library packages whose functions call the program's code or whose structs
  the program holds (container/heap's call order, container/ring, container/list), also between
  goroutines.

The modules named after these features hold their other tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gmpsim.realgo import gmpsim_and_real

# run by test_language_recover with each setting of GODEBUG=panicnil
SEPARATE = frozenset({"recover_panic_nil"})
PROGRAMS = sorted(
    p for p in (Path(__file__).parent / "data" / "language").glob("*.go") if p.stem not in SEPARATE
)

pytestmark = [pytest.mark.oracle, pytest.mark.xdist_group("realgo")]


@pytest.mark.parametrize("version", ["1.19", "1.27"])
@pytest.mark.parametrize("program", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_prints_what_real_go_prints(
    program: Path, version: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    simulated, real = gmpsim_and_real(program, version, tmp_path_factory.getbasetemp())
    assert simulated == real
