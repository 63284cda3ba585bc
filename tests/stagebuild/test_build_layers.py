"""Layer stacking: a step whose diff equals an earlier layer (a ``chmod`` that changes nothing
copies the file up unchanged) still leaves a stack the next step can mount."""

from __future__ import annotations

import json
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


def test_identical_layers_stack(stagebuild: StagebuildRunner, tmp_path: Path) -> None:
    ctx = write_context(
        tmp_path / "ctx",
        {
            "Dockerfile": f"""\
FROM {BUSYBOX_REF}
COPY --chmod=755 tool /opt/tool
RUN chmod +x /opt/tool
RUN /opt/tool > /opt/out
""",
            "tool": "#!/bin/sh\necho tool-ran\n",
        },
    )
    layout = export_oci(stagebuild, ctx, tmp_path / "oci")
    rootfs = umoci_unpack(layout, tmp_path / "bundle")
    assert (rootfs / "opt" / "out").read_text() == "tool-ran\n"
    index = json.loads((layout / "index.json").read_text())
    manifest = json.loads((layout / "blobs" / "sha256" / index["manifests"][0]["digest"][7:]).read_text())
    assert len(manifest["layers"]) == 4
    assert manifest["layers"][1]["digest"] == manifest["layers"][2]["digest"]  # the case under test
