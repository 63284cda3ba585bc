"""The shared conformance corpus: every manifest entry runs to the bytes and exit code real Go gave.

Go's own ``// run`` tests (kind go-test) are read from the directory Debian's golang-1.19-src
installs and run under ``--go 1.19 --ncpu 2 --gomaxprocs 1``; the programs written here (kind
program) run under ``--go 1.19`` and ``--go 1.27`` with ``--gomaxprocs 1`` and are compared with
the recorded stdout, stderr (up to the first goroutine header) and exit code.  Each runs in a child
process bounded in virtual and wall time (see gmpsim.conformance).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gmpsim import conformance
from gmpsim.conformance import Case, Limits
from tests.conftest import SHARED

CORPUS = conformance.corpus_dir(SHARED)
TEST_DIR = conformance.go_test_dir()
LIMITS = Limits(virtual="60s", wall=60.0)

# Manifest entries gmpsim refuses today with `unsupported: …` (never a wrong result), and what each
# is waiting for.  Strict: an entry that starts passing fails here until it is taken off the list.
KNOWN_GAPS: dict[str, str] = {}


def _param(case: Case) -> object:
    gap = KNOWN_GAPS.get(case.name)
    if gap is None:
        return pytest.param(case, id=case.name)
    mark = pytest.mark.xfail(strict=True, reason=f"unsupported yet: {gap}")
    return pytest.param(case, id=case.name, marks=mark)


def _params() -> tuple[list[object], list[object]]:
    if not (CORPUS / "manifest.tsv").is_file():
        absent = pytest.param(None, marks=pytest.mark.skip(reason=f"{CORPUS} is absent"), id="absent")
        return [absent], [absent]
    go_tests, programs = conformance.manifest_cases(CORPUS, TEST_DIR)
    if TEST_DIR is None:
        reason = f"{conformance.DEBIAN_PACKAGE} is not installed (Go's test directory is absent)"
        go_test_params: list[object] = [
            pytest.param(None, marks=pytest.mark.skip(reason=reason), id="absent")
        ]
    else:
        go_test_params = [_param(c) for c in go_tests]
    return go_test_params, [pytest.param(c, id=c.name) for c in programs]


GO_TESTS, PROGRAMS = _params()


def _assert_conforms(case: Case) -> None:
    outcome = conformance.run_case(case, LIMITS)
    assert outcome.passed, f"{case.path} under go{case.go}: {outcome.status}: {outcome.reason}"


@pytest.mark.parametrize("case", GO_TESTS)
def test_go_test_prints_what_go119_prints(case: Case) -> None:
    _assert_conforms(case)


@pytest.mark.parametrize("case", PROGRAMS)
def test_program_prints_what_real_go_prints(case: Case) -> None:
    _assert_conforms(case)


def test_stderr_is_cut_after_the_first_goroutine_header() -> None:
    stderr = b"panic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t/tmp/x.go:5 +0x1d\n"
    assert conformance.cut_stderr(stderr) == b"panic: boom\n\ngoroutine 1 [running]:\n"
    assert conformance.cut_stderr(b"no header\n") == b"no header\n"


@pytest.mark.parametrize(
    ("header", "runs"),
    [
        ("// run\n", True),
        ("// run -gcflags=-l\n", False),
        ("// errorcheck\n", False),
        ("//go:build linux && amd64\n\n// run\n", True),
        ("//go:build !linux\n\n// run\n", False),
        ("//go:build (darwin || linux) && !386\n// run\n", True),
        ("// +build windows plan9\n\n// run\n", False),
        ("// +build !nacl,!js\n\n// run\n", True),
        ("//go:build cgo\n// +build cgo\n\n// run\n", True),
    ],
)
def test_which_go_tests_run_on_linux_amd64(header: str, runs: bool) -> None:
    assert conformance.is_plain_run_test(header.encode() + b"\npackage main\n") is runs


def test_a_runaway_program_is_stopped_by_the_virtual_time_limit(tmp_path) -> None:
    prog = tmp_path / "spin.go"
    prog.write_text(
        'package main\n\nimport "time"\n\nfunc main() {\n\tfor {\n\t\ttime.Sleep(time.Second)\n\t}\n}\n'
    )
    case = conformance.go_test_case(tmp_path, "spin.go")
    outcome = conformance.run_case(case, Limits(virtual="5s", wall=30.0))
    assert outcome.status == conformance.FAILED
    assert "still running after 5s of virtual time" in outcome.reason


def _tiny_corpus(root: Path, expected_out: str) -> None:
    programs = root / "conformance" / "go-programs" / "programs"
    programs.mkdir(parents=True)
    (programs / "hello.go").write_text(
        'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hi")\n}\n'
    )
    for tag in ("go119", "go127"):
        (programs / f"hello.{tag}.out").write_text(expected_out)
        (programs / f"hello.{tag}.err").write_text("")
        (programs / f"hello.{tag}.rc").write_text("0\n")
    (root / "conformance" / "go-programs" / "manifest.tsv").write_text(
        "kind\tpath\texpect\nprogram\tprograms/hello.go\tsame bytes\n"
    )


def test_the_command_tallies_each_program_and_fails_on_a_difference(tmp_path, capsys) -> None:
    _tiny_corpus(tmp_path / "good", "hi\n")
    assert conformance.main(["--shared", str(tmp_path / "good"), "-j", "1"]) == 0
    assert "total 2: 2 passed, 0 failed, 0 unsupported" in capsys.readouterr().out
    _tiny_corpus(tmp_path / "bad", "hello\n")
    assert conformance.main(["--shared", str(tmp_path / "bad"), "-j", "1", "-q"]) == 1
    out = capsys.readouterr().out
    assert "failed      programs/hello.go@1.19  stdout line 1: Go printed b'hello\\n', gmpsim b'hi\\n'" in out


def test_a_malformed_manifest_names_its_line(tmp_path) -> None:
    corpus = tmp_path / "conformance" / "go-programs"
    corpus.mkdir(parents=True)
    (corpus / "manifest.tsv").write_text("kind\tpath\texpect\nprogam\tx.go\t?\n")
    with pytest.raises(ValueError, match=r"manifest.tsv:2: expected"):
        conformance.read_manifest(corpus)
