"""Multi-stage builds: COPY --from by name and index, --target, pruning, parallel stages."""

from __future__ import annotations

from pathlib import Path

from tests.stagebuild.conftest import (
    BUSYBOX_REF,
    StagebuildRunner,
    export_oci,
    requires_runc,
    umoci_unpack,
    write_context,
)

pytestmark = [requires_runc()]


def test_copy_from_by_name_and_by_index(stagebuild: StagebuildRunner, tmp_path: Path) -> None:
    ctx = write_context(
        tmp_path / "ctx",
        {
            "Dockerfile": f"""\
FROM {BUSYBOX_REF} AS first
RUN echo from-first > /first.txt

FROM {BUSYBOX_REF} AS Second
RUN echo from-second > /second.txt

FROM scratch
COPY --from=second /second.txt /by-name.txt
COPY --from=0 /first.txt /by-index.txt
""",
        },
    )
    rootfs = umoci_unpack(export_oci(stagebuild, ctx, tmp_path / "oci"), tmp_path / "bundle")
    assert (rootfs / "by-name.txt").read_text() == "from-second\n"
    assert (rootfs / "by-index.txt").read_text() == "from-first\n"
    assert sorted(p.name for p in rootfs.iterdir()) == ["by-index.txt", "by-name.txt"]


def test_target_builds_only_what_it_needs(stagebuild: StagebuildRunner, tmp_path: Path) -> None:
    ctx = write_context(
        tmp_path / "ctx",
        {
            "Dockerfile": f"""\
FROM {BUSYBOX_REF} AS base
RUN echo base > /base.txt

FROM base AS broken
RUN echo never-run-marker && exit 3

FROM base AS app
RUN cat /base.txt > /app.txt

FROM app AS last
RUN exit 1
""",
        },
    )
    result = stagebuild(
        "build",
        "--progress",
        "plain",
        "--target",
        "app",
        "--output",
        f"type=oci,dest={tmp_path / 'oci'}",
        str(ctx),
    )
    assert "never-run-marker" not in result.stdout + result.stderr
    assert "[broken" not in result.stdout + result.stderr
    rootfs = umoci_unpack(tmp_path / "oci", tmp_path / "bundle")
    assert (rootfs / "app.txt").read_text() == "base\n"


def test_unused_failing_stage_is_never_run(stagebuild: StagebuildRunner, tmp_path: Path) -> None:
    ctx = write_context(
        tmp_path / "ctx",
        {
            "Dockerfile": f"""\
FROM {BUSYBOX_REF} AS unused
RUN echo unused-marker; exit 7

FROM {BUSYBOX_REF} AS unused-image
COPY --from=no-such-image:1 /x /x

FROM {BUSYBOX_REF}
RUN echo ok > /ok
""",
        },
    )
    result = stagebuild("build", "--progress", "plain", "-t", "ms:unused", str(ctx))
    assert "unused-marker" not in result.stdout + result.stderr


def test_independent_stages_run_in_parallel(stagebuild: StagebuildRunner, tmp_path: Path) -> None:
    # Each stage records /proc/uptime (host-wide, 10 ms resolution) around a two-second sleep,
    # longer than any start-up skew between the two containers.
    stage = """\
FROM {base} AS {name}
RUN cut -d' ' -f1 /proc/uptime > /start && sleep 2 && cut -d' ' -f1 /proc/uptime > /end
"""
    ctx = write_context(
        tmp_path / "ctx",
        {
            "Dockerfile": stage.format(base=BUSYBOX_REF, name="a")
            + stage.format(base=BUSYBOX_REF, name="b")
            + """
FROM scratch
COPY --from=a /start /a.start
COPY --from=a /end /a.end
COPY --from=b /start /b.start
COPY --from=b /end /b.end
""",
        },
    )
    rootfs = umoci_unpack(export_oci(stagebuild, ctx, tmp_path / "oci"), tmp_path / "bundle")

    def interval(name: str) -> tuple[float, float]:
        return float((rootfs / f"{name}.start").read_text()), float((rootfs / f"{name}.end").read_text())

    (a_start, a_end), (b_start, b_end) = interval("a"), interval("b")
    assert a_start < b_end and b_start < a_end, (
        f"stages ran one after the other: a={a_start}-{a_end} b={b_start}-{b_end}"
    )
