"""The boundaries of versions.py that fall between the toolchains the set-up installs.

go1.19, go1.22.10 and go1.27.3 cannot tell at which release in between a behaviour changed.
These boundaries were found by running go1.21.13, go1.23.9, go1.24.11, go1.25.5 and go1.26.6
by hand (not installed here): each test runs gmpsim on the two releases either side of one
boundary and expects what those real toolchains printed, quoted below.
"""

from __future__ import annotations

import re

import pytest

from gmpsim.api import run
from tests.gmpsim.realgo import stderr_head
from tests.gmpsim.test_compiler_rules import compile_text


def stderr_of(source: str, go: str) -> str:
    r = run(source, go=go, ncpu=2, gomaxprocs=1, until="1s", events=False)
    return stderr_head(r.stderr.encode()).decode()


WAITGROUP_DEADLOCK = """package main

import "sync"

func main() {
	var wg sync.WaitGroup
	wg.Add(1)
	wg.Wait()
}
"""


@pytest.mark.parametrize(
    ("go", "reason"),
    [("1.23", "semacquire"), ("1.24", "sync.WaitGroup.Wait")],  # go1.23.9, go1.24.11
)
def test_waitgroup_wait_got_its_own_wait_reason_in_1_24(go: str, reason: str) -> None:
    assert stderr_of(WAITGROUP_DEADLOCK, go) == (
        f"fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [{reason}]:\n"
    )


FLOATS = """package main

func main() {
	println(3.5, float32(1.25))
	panic(3.5)
}
"""


@pytest.mark.parametrize(
    ("go", "shown"),
    [
        ("1.25", ("+3.500000e+000 +1.250000e+000", "+3.500000e+000")),  # go1.25.5
        ("1.26", ("3.5 1.25", "3.5")),  # go1.26.6
    ],
)
def test_print_and_panic_write_shortest_floats_from_1_26(go: str, shown: tuple[str, str]) -> None:
    printed, value = shown
    assert stderr_of(FLOATS, go) == f"{printed}\npanic: {value}\n\ngoroutine 1 [running]:\n"


REPANIC = """package main

func main() {
	defer func() {
		r := recover()
		panic(r)
	}()
	panic("a\\nb")
}
"""


@pytest.mark.parametrize(
    ("go", "head"),
    [
        ("1.22", "panic: a\nb [recovered]\n\tpanic: a\nb\n"),  # go1.22.10: not indented
        ("1.23", "panic: a\n\tb [recovered]\n\tpanic: a\n\tb\n"),  # go1.23.9: printindented
        ("1.24", "panic: a\n\tb [recovered]\n\tpanic: a\n\tb\n"),  # go1.24.11: still twice
        ("1.25", "panic: a\n\tb [recovered, repanicked]\n"),  # go1.25.5: once
    ],
)
def test_panic_strings_indented_from_1_23_and_repanics_printed_once_from_1_25(go: str, head: str) -> None:
    assert stderr_of(REPANIC, go) == head + "\ngoroutine 1 [running]:\n"


SLEEPER = """package main

import "time"

func main() {
	time.Sleep(15 * time.Millisecond)
}
"""


@pytest.mark.parametrize(
    ("go", "queues"),
    [("1.24", r"runqueue=0 \[0 0\]$"), ("1.25", r"runqueue=0 \[ 0 0 \] schedticks=\[ \d+ \d+ \]$")],
)
def test_schedtrace_prints_schedticks_from_1_25(go: str, queues: str) -> None:
    # go1.24.11: "... idlethreads=2 runqueue=0 [0 0]"; go1.25.5: "... runqueue=0 [ 0 0 ] schedticks=[ 0 3 ]"
    r = run(SLEEPER, go=go, ncpu=2, gomaxprocs=2, until="1s", events=False, godebug="schedtrace=10")
    summaries = [ln for ln in r.stderr.splitlines() if ln.startswith("SCHED ")]
    assert summaries and all(re.search(queues, ln) for ln in summaries)


INLINER = """func self(n int) int {
	if n <= 0 {
		return 0
	}
	return self(n - 1)
}

func paramCall(f func() int) int { return f() }

func whole(s []int) []int { return s[0:len(s)] }

func big() int {
	return func() int {
		s := 0
		for i := 0; i < 10; i++ {
			s += i*i + i*3 + i*i*i + 7*i - i/3 + i%5
			s += i*i + i*3 + i*i*i + 7*i - i/3 + i%5
			s += i*i + i*3 + i*i*i + 7*i - i/3 + i%5
			s += i*i + i*3 + i*i*i + 7*i - i/3 + i%5
		}
		return s
	}()
}

func main() { println(self(3), paramCall(nil), len(whole(nil)), big()) }
"""


# (self, paramCall, whole, big.func1) as -gcflags=-m=2 reports them: a cost, or why not.
@pytest.mark.parametrize(
    ("go", "expected"),
    [
        ("1.23", ("recursive", 60, 6, "function too complex: cost 127 exceeds budget 80")),  # go1.23.9
        ("1.24", (69, 20, 6, 127)),  # go1.24.11: recursion, param calls, closures called once
        ("1.25", (69, 20, 6, 127)),  # go1.25.5
        ("1.26", (69, 20, 3, 127)),  # go1.26.6: s[0:len(s)] costs no more than s
    ],
)
def test_inliner_boundaries_of_1_24_and_1_26(go: str, expected: tuple[int | str, ...]) -> None:
    funcs = compile_text(INLINER, go).funcs
    shown = [
        fn.inline_cost if fn.inlinable else fn.inline_reason
        for fn in (funcs[name] for name in ("self", "paramCall", "whole", "big.func1"))
    ]
    assert tuple(shown) == expected
