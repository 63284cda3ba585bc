"""A registry on loopback that speaks only HTTPS (self-signed): used over HTTPS, as Docker does."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from stagebuild.image.store import ImageStore
from stagebuild.registry.client import RegistryClient
from stagebuild.registry.transfer import pull_image, push_image
from tests.stagebuild.registry_server import (
    LocalRegistry,
    make_certificate,
    make_image,
    requires_registry,
    run_registry,
    skopeo,
)

pytestmark = [requires_registry, pytest.mark.xdist_group("registry-tls")]


@pytest.fixture(scope="module")
def tls_registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalRegistry]:
    if shutil.which("openssl") is None:
        pytest.skip("needs openssl for the registry's certificate")
    work = tmp_path_factory.mktemp("registry-tls")
    with run_registry(work, tls=make_certificate(work, "registry")) as running:
        yield running


def test_loopback_registry_with_tls_is_used_over_https(tls_registry: LocalRegistry, tmp_path: Path) -> None:
    with RegistryClient(tls_registry.host) as client:
        assert client.base_url == f"https://{tls_registry.host}"
        client.ping()
    store = ImageStore(tmp_path / "store")
    ref = f"{tls_registry.host}/tls/app:1"
    image = make_image(store, ref, "tls")
    push_image(store, image, ref)
    inspected = json.loads(skopeo("inspect", "--tls-verify=false", f"docker://{ref}"))
    assert inspected["Digest"] == image.digest
    assert pull_image(ImageStore(tmp_path / "fresh"), ref).image.digest == image.digest
