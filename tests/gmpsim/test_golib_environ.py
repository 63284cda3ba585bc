"""os.Getenv and os.LookupEnv read the simulated environment, not gmpsim's: GOOS and GOARCH of
the simulated linux/amd64 machine, GOMAXPROCS and GODEBUG as the run sets them, nothing else."""

from __future__ import annotations

import pytest

from gmpsim.api import run

PROGRAM = """package main

import (
	"fmt"
	"os"
	"runtime"
)

func main() {
	for _, k := range []string{"GOOS", "GOARCH", "GOMAXPROCS", "GODEBUG", "GOROOT", "HOME"} {
		v, ok := os.LookupEnv(k)
		fmt.Printf("%s=%q %v %v\\n", k, os.Getenv(k), v == os.Getenv(k), ok)
	}
	fmt.Println(os.Getenv("GOARCH") == runtime.GOARCH, runtime.GOOS)
}
"""


def test_a_plain_run_sees_only_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOMAXPROCS", "7")  # gmpsim's own environment does not leak in
    out = run(PROGRAM, go="1.19", ncpu=2, events=False).stdout
    assert out == (
        'GOOS="linux" true true\nGOARCH="amd64" true true\nGOMAXPROCS="" true false\n'
        'GODEBUG="" true false\nGOROOT="" true false\nHOME="" true false\ntrue linux\n'
    )


def test_the_run_settings_are_variables() -> None:
    out = run(PROGRAM, go="1.19", gomaxprocs=3, godebug="asyncpreemptoff=1", events=False).stdout
    assert 'GOMAXPROCS="3" true true\nGODEBUG="asyncpreemptoff=1" true true\n' in out
