"""``--output type=registry``: the built image is pushed, and what the registry holds is the image
that was built (read back with skopeo, and pulled into a fresh store with the same digest)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.stagebuild.conftest import BUSYBOX_REF, requires_runc, run_stagebuild, write_context
from tests.stagebuild.registry_server import requires_registry, run_registry, skopeo

pytestmark = [requires_runc(), requires_registry]

DOCKERFILE = f"""\
FROM {BUSYBOX_REF} AS builder
RUN echo built > /artifact.txt

FROM {BUSYBOX_REF}
COPY --from=builder /artifact.txt /artifact.txt
CMD ["cat", "/artifact.txt"]
"""


def test_output_type_registry_pushes_the_built_image(base_images_root: Path, tmp_path: Path) -> None:
    root = tmp_path / "store"
    shutil.copytree(base_images_root, root, symlinks=True)
    ctx = write_context(tmp_path / "ctx", {"Dockerfile": DOCKERFILE})
    layout = tmp_path / "oci"
    (tmp_path / "registry").mkdir()
    with run_registry(tmp_path / "registry") as registry:
        ref = f"{registry.host}/team/app:1"
        run_stagebuild(
            root,
            "build",
            "--progress=plain",
            f"--output=type=registry,name={ref}",
            f"--output=type=oci,dest={layout}",
            str(ctx),
        )
        remote = json.loads(skopeo("inspect", "--tls-verify=false", f"docker://{ref}"))
        fresh = tmp_path / "fresh"
        run_stagebuild(fresh, "pull", ref)
        listed = run_stagebuild(fresh, "images").stdout

    built = json.loads((layout / "index.json").read_text())["manifests"][0]["digest"]
    assert remote["Digest"] == built
    assert len(remote["Layers"]) == 2  # busybox, and the copied artifact
    assert "team/app" in listed
