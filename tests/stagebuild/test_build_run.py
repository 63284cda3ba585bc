"""``stagebuild run`` runs a built image's entrypoint and prints what it prints."""

from __future__ import annotations

from pathlib import Path

from tests.stagebuild.conftest import BUSYBOX_REF, StagebuildRunner, requires_runc, write_context

pytestmark = [requires_runc()]


def test_run_prints_what_the_entrypoint_prints(stagebuild: StagebuildRunner, tmp_path: Path) -> None:
    ctx = write_context(
        tmp_path / "ctx",
        {
            "Dockerfile": f"""\
FROM {BUSYBOX_REF} AS builder
COPY greet.sh /src/greet
RUN chmod 0755 /src/greet

FROM {BUSYBOX_REF}
COPY --from=builder /src/greet /usr/local/bin/greet
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/greet"]
CMD ["world"]
""",
            "greet.sh": '#!/bin/sh\necho "hello, $1 from $(pwd)"\n',
        },
    )
    image_id = stagebuild("build", "--progress", "quiet", "-t", "greet:1", str(ctx)).stdout.strip()
    assert image_id.startswith("sha256:") and len(image_id) == 71
    assert stagebuild("run", "--rm", image_id[7:19]).stdout == "hello, world from /work\n"
    assert stagebuild("run", "--rm", "greet:1").stdout == "hello, world from /work\n"
    assert stagebuild("run", "--rm", "greet:1", "stagebuild").stdout == "hello, stagebuild from /work\n"
