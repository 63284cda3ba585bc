"""The image config a build writes, read back with skopeo: what ``docker build`` would record."""

from __future__ import annotations

import json
from pathlib import Path

from tests.stagebuild.conftest import (
    BUSYBOX_REF,
    StagebuildRunner,
    export_oci,
    requires_runc,
    skopeo_inspect,
    umoci_unpack,
    write_context,
)

pytestmark = [requires_runc()]

DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def test_config_fields(stagebuild: StagebuildRunner, tmp_path: Path) -> None:
    ctx = write_context(
        tmp_path / "ctx",
        {
            "Dockerfile": f"""\
FROM {BUSYBOX_REF}
ARG VERSION=1.0
ENV APP_HOME=/srv/app MODE="fast mode"
WORKDIR $APP_HOME
RUN echo "$VERSION" > version && chown nobody version
USER nobody
EXPOSE 8080 53/udp
LABEL org.example.version=$VERSION "with space"="yes"
ENTRYPOINT ["/bin/sh", "-c"]
CMD echo hello
STOPSIGNAL SIGTERM
""",
        },
    )
    layout = export_oci(stagebuild, ctx, tmp_path / "oci", "--build-arg", "VERSION=2.5")
    config = json.loads(skopeo_inspect(layout, "--config"))["config"]

    assert config["Env"] == [DEFAULT_PATH, "APP_HOME=/srv/app", "MODE=fast mode"]
    assert config["WorkingDir"] == "/srv/app"
    assert config["User"] == "nobody"
    assert config["Entrypoint"] == ["/bin/sh", "-c"]
    assert config["Cmd"] == ["/bin/sh", "-c", "echo hello"]
    assert config["ExposedPorts"] == {"8080/tcp": {}, "53/udp": {}}
    assert config["Labels"] == {"org.example.version": "2.5", "with space": "yes"}
    assert config["StopSignal"] == "SIGTERM"

    rootfs = umoci_unpack(layout, tmp_path / "bundle")
    assert (rootfs / "srv" / "app" / "version").read_text() == "2.5\n"
    assert (rootfs / "srv" / "app" / "version").stat().st_uid == 65534


def test_history_like_buildkit(stagebuild: StagebuildRunner, tmp_path: Path) -> None:
    ctx = write_context(
        tmp_path / "ctx",
        {"Dockerfile": f'FROM {BUSYBOX_REF}\nRUN echo hi > /hi\nENV A=b\nCMD ["sh"]\n'},
    )
    layout = export_oci(stagebuild, ctx, tmp_path / "oci")
    image = json.loads(skopeo_inspect(layout, "--config"))
    history = image["history"]
    run = next(h for h in history if "RUN" in h.get("created_by", ""))
    assert run["created_by"] == "RUN /bin/sh -c echo hi > /hi # buildkit"
    assert not run.get("empty_layer", False)
    env = next(h for h in history if h.get("created_by", "").startswith("ENV"))
    assert env["created_by"] == "ENV A=b" and env["empty_layer"] is True
    assert sum(not h.get("empty_layer", False) for h in history) == len(image["rootfs"]["diff_ids"])


def test_default_path_only_when_base_sets_none(stagebuild: StagebuildRunner, tmp_path: Path) -> None:
    ctx = write_context(
        tmp_path / "ctx",
        {
            "Dockerfile": f"""\
FROM {BUSYBOX_REF} AS base
ENV PATH=/opt/bin:/bin

FROM base
RUN echo "$PATH" > /path.txt
""",
        },
    )
    layout = export_oci(stagebuild, ctx, tmp_path / "oci")
    config = json.loads(skopeo_inspect(layout, "--config"))["config"]
    assert config["Env"] == ["PATH=/opt/bin:/bin"]
    rootfs = umoci_unpack(layout, tmp_path / "bundle")
    assert (rootfs / "path.txt").read_text() == "/opt/bin:/bin\n"


def test_onbuild_triggers_run_in_the_child_build(stagebuild: StagebuildRunner, tmp_path: Path) -> None:
    base = write_context(
        tmp_path / "base",
        {
            "Dockerfile": f"FROM {BUSYBOX_REF}\nONBUILD RUN echo triggered > /triggered\n"
            + "ONBUILD ENV FROM_TRIGGER=1\n"
        },
    )
    base_layout = export_oci(stagebuild, base, tmp_path / "base-oci", "-t", "onbuild-base:1")
    base_config = json.loads(skopeo_inspect(base_layout, "--config", "--raw", tag="1"))["config"]
    assert base_config["OnBuild"] == ["RUN echo triggered > /triggered", "ENV FROM_TRIGGER=1"]

    child = write_context(tmp_path / "child", {"Dockerfile": "FROM onbuild-base:1\nRUN cat /triggered\n"})
    layout = export_oci(stagebuild, child, tmp_path / "oci")
    config = json.loads(skopeo_inspect(layout, "--config", "--raw"))["config"]
    assert "FROM_TRIGGER=1" in config["Env"]
    assert "OnBuild" not in config
    rootfs = umoci_unpack(layout, tmp_path / "bundle")
    assert (rootfs / "triggered").read_text() == "triggered\n"


def test_onbuild_copy_from_a_stage_the_plan_left_out(stagebuild: StagebuildRunner, tmp_path: Path) -> None:
    base = write_context(
        tmp_path / "base",
        {"Dockerfile": f"FROM {BUSYBOX_REF}\nONBUILD COPY --from=tools /tool.txt /from-tools.txt\n"},
    )
    stagebuild("build", "--progress", "quiet", "-t", "onbuild-copy:1", str(base))
    child = write_context(
        tmp_path / "child",
        {
            "Dockerfile": f"FROM {BUSYBOX_REF} AS tools\nRUN echo tool > /tool.txt\n\n"
            "FROM onbuild-copy:1\nRUN cat /from-tools.txt\n"
        },
    )
    rootfs = umoci_unpack(export_oci(stagebuild, child, tmp_path / "oci"), tmp_path / "bundle")
    assert (rootfs / "from-tools.txt").read_text() == "tool\n"
