"""Build progress as ``docker build`` prints it: numbered steps, output lines, DONE/CACHED/ERROR."""

from __future__ import annotations

import io
import re

from stagebuild.solver.progress import PlainProgress, QuietProgress, make_progress, step_progress


def test_plain_lines_follow_buildkit() -> None:
    out = io.StringIO()
    progress = PlainProgress(out)
    progress.info("snapshotter: overlayfs")
    with step_progress(progress, "[builder 2/4] RUN make") as step:
        progress.log(step, b"compiling\nlink")
        progress.log(step, b"ing\n")
    cached = progress.start("[builder 3/4] COPY a /b")
    progress.finish(cached, "cached")
    text = out.getvalue()
    assert text.startswith("#0 snapshotter: overlayfs\n")
    assert "\n#1 [builder 2/4] RUN make\n" in text
    assert re.search(r"^#1 \d+\.\d{3} compiling$", text, re.M)
    assert re.search(r"^#1 \d+\.\d{3} linking$", text, re.M)
    assert re.search(r"^#1 DONE \d+\.\ds$", text, re.M)
    assert "#2 CACHED\n" in text


def test_error_keeps_the_output_for_the_report() -> None:
    progress = QuietProgress()
    try:
        with step_progress(progress, "RUN false") as step:
            progress.log(step, b"partial line without newline")
            raise RuntimeError("exit code: 1")
    except RuntimeError:
        pass
    failed = progress.failed_step()
    assert failed is not None
    assert failed.state == "error"
    assert failed.lines == ["partial line without newline"]


def test_auto_is_plain_without_a_terminal() -> None:
    assert isinstance(make_progress("auto", io.StringIO()), PlainProgress)
    assert isinstance(make_progress("quiet", io.StringIO()), QuietProgress)
