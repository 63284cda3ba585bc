"""History entries and image config changes, the way BuildKit writes them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from stagebuild.dockerfile.instructions import Cmd, Entrypoint, Env, Expose, KeyValue, SourceRange
from stagebuild.solver.imageconfig import (
    apply_metadata,
    copy_created_by,
    run_created_by,
    settle_history_times,
)

HERE = SourceRange(1, 1)


def test_run_and_copy_created_by() -> None:
    assert run_created_by(["/bin/sh", "-c", "make"], []) == "RUN /bin/sh -c make # buildkit"
    assert run_created_by(["make"], [("A", "1"), ("B", "")]) == "RUN |2 A=1 B= make # buildkit"
    text = copy_created_by("COPY", ["a", "b"], ["EOF"], "/dst/", chown="app", chmod="755", parents=False)
    assert text == "COPY --chown=app --chmod=755 a b <<EOF /dst/ # buildkit"


def test_metadata_instructions() -> None:
    config: dict[str, Any] = {"config": {"Env": ["PATH=/bin"], "Cmd": ["sh"]}}
    apply_metadata(
        config, Env(pairs=(KeyValue("A", "b c"),), location=HERE, original=""), cmd_set_in_stage=False
    )
    apply_metadata(
        config, Expose(ports=("80/tcp", "53/udp"), location=HERE, original=""), cmd_set_in_stage=False
    )
    apply_metadata(
        config,
        Entrypoint(command=("run app",), prepend_shell=True, location=HERE, original=""),
        cmd_set_in_stage=False,
    )
    section = config["config"]
    assert section["Env"] == ["PATH=/bin", "A=b c"]
    assert section["ExposedPorts"] == {"80/tcp": {}, "53/udp": {}}
    assert section["Entrypoint"] == ["/bin/sh", "-c", "run app"]
    assert "Cmd" not in section  # ENTRYPOINT without a CMD in the stage drops the base's CMD
    apply_metadata(
        config,
        Cmd(command=("a", "b"), prepend_shell=False, location=HERE, original=""),
        cmd_set_in_stage=False,
    )
    created_by = [h["created_by"] for h in config["history"]]
    assert created_by == [
        "ENV A=b c",
        "EXPOSE [80/tcp 53/udp]",
        'ENTRYPOINT ["/bin/sh" "-c" "run app"]',
        'CMD ["a" "b"]',
    ]
    assert all(h["empty_layer"] for h in config["history"])


def test_history_times_follow_the_layers(tmp_path: Path) -> None:
    config: dict[str, Any] = {
        "history": [
            {"created": "2020-01-01T00:00:00Z", "created_by": "base"},
            {"created_by": "ENV A=1", "empty_layer": True},
            {"created": "2024-05-01T10:00:00Z", "created_by": "RUN x"},
            {"created_by": "CMD", "empty_layer": True},
        ]
    }
    settle_history_times(config, 1, "2019-01-01T00:00:00Z", None)
    times = [h["created"] for h in config["history"]]
    assert times == [
        "2020-01-01T00:00:00Z",
        "2024-05-01T10:00:00Z",
        "2024-05-01T10:00:00Z",
        "2024-05-01T10:00:00Z",
    ]
    assert config["created"] == "2024-05-01T10:00:00Z"
    settle_history_times(config, 1, "2019-01-01T00:00:00Z", "2021-01-01T00:00:00Z")
    assert config["created"] == "2021-01-01T00:00:00Z"
    assert config["history"][0]["created"] == "2020-01-01T00:00:00Z"
