"""Registry authentication: Docker's credential file, basic auth (htpasswd) and the bearer-token
handshake, against Debian's docker-registry and a token server written here."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from stagebuild.image.store import ImageStore
from stagebuild.registry.auth import (
    AuthError,
    Credentials,
    RegistryAuth,
    load_credentials,
    parse_www_authenticate,
    store_credentials,
)
from stagebuild.registry.client import RegistryError, plain_http_allowed
from stagebuild.registry.transfer import pull_image, push_image
from tests.stagebuild.registry_server import (
    LocalRegistry,
    TokenServer,
    free_port,
    make_image,
    requires_registry,
    run_registry,
    skopeo,
)

PASSWORD = "s3cret-pass"


def test_parse_bearer_challenge() -> None:
    challenge = parse_www_authenticate(
        'Bearer realm="https://auth.example.com/token",service="registry.example.com",'
        'scope="repository:team/app:pull,push",error="insufficient_scope"'
    )
    assert challenge.scheme == "bearer"
    assert challenge.params == {
        "realm": "https://auth.example.com/token",
        "service": "registry.example.com",
        "scope": "repository:team/app:pull,push",
        "error": "insufficient_scope",
    }
    assert parse_www_authenticate('Basic realm="Registry Realm"').params == {"realm": "Registry Realm"}


def test_plain_http_only_for_loopback_or_insecure() -> None:
    assert plain_http_allowed("127.0.0.1:5000")
    assert plain_http_allowed("localhost:5000")
    assert plain_http_allowed("[::1]:5000")
    assert not plain_http_allowed("registry.example.com")
    assert not plain_http_allowed("10.0.0.5:5000")
    assert plain_http_allowed("10.0.0.5:5000", ["10.0.0.5:5000"])


def test_credentials_round_trip_in_docker_format(tmp_path: Path) -> None:
    config = tmp_path / "docker" / "config.json"
    config.parent.mkdir()
    config.write_text(json.dumps({"auths": {"other.io": {"auth": "eDp5"}}, "credsStore": "none"}))
    store_credentials("127.0.0.1:5000", Credentials("alice", "p:ss"), config)
    assert os.stat(config).st_mode & 0o777 == 0o600
    data = json.loads(config.read_text())
    assert data["credsStore"] == "none" and data["auths"]["other.io"] == {"auth": "eDp5"}
    assert base64.b64decode(data["auths"]["127.0.0.1:5000"]["auth"]) == b"alice:p:ss"
    assert load_credentials("127.0.0.1:5000", config) == Credentials("alice", "p:ss")
    assert load_credentials("other.io", config) == Credentials("x", "y")
    assert load_credentials("nowhere.io", config) is None
    store_credentials("docker.io", Credentials("bob", "hub"), config)
    assert "https://index.docker.io/v1/" in json.loads(config.read_text())["auths"]
    assert load_credentials("docker.io", config) == Credentials("bob", "hub")


@pytest.fixture
def docker_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "docker-config"
    monkeypatch.setenv("DOCKER_CONFIG", str(directory))
    return directory


def _cli(root: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stagebuild", "--root", str(root), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


# -- basic auth --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def basic_registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalRegistry]:
    if shutil.which("htpasswd") is None:
        pytest.skip("needs apache2-utils' htpasswd")
    work = tmp_path_factory.mktemp("registry-basic")
    htpasswd = work / "htpasswd"
    subprocess.run(["htpasswd", "-Bbc", str(htpasswd), "alice", PASSWORD], check=True, capture_output=True)
    auth = f"auth:\n  htpasswd:\n    realm: basic-realm\n    path: {htpasswd}\n"
    with run_registry(work, auth) as running:
        yield running


@requires_registry
@pytest.mark.xdist_group("registry-basic")
def test_basic_auth_needs_login(basic_registry: LocalRegistry, tmp_path: Path, docker_config: Path) -> None:
    store = ImageStore(tmp_path / "store")
    ref = f"{basic_registry.host}/basic/app:1"
    image = make_image(store, ref, "basic")
    with pytest.raises(RegistryError, match=r"401 Unauthorized \(log in with: stagebuild login"):
        push_image(store, image, ref)

    wrong = _cli(store.root, "login", basic_registry.host, "-u", "alice", "--password-stdin", stdin="nope\n")
    assert wrong.returncode == 1 and "401" in wrong.stderr
    assert not (docker_config / "config.json").exists()

    login = _cli(store.root, "login", basic_registry.host, "-u", "alice", "--password-stdin", stdin=PASSWORD)
    assert login.returncode == 0, login.stderr
    assert os.stat(docker_config / "config.json").st_mode & 0o777 == 0o600

    assert push_image(store, image, ref).uploaded == 3
    inspected = skopeo("inspect", "--tls-verify=false", "--creds", f"alice:{PASSWORD}", f"docker://{ref}")
    assert json.loads(inspected)["Digest"] == image.digest
    assert pull_image(ImageStore(tmp_path / "fresh"), ref).image.digest == image.digest


# -- bearer tokens -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def token_registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LocalRegistry, TokenServer]]:
    if shutil.which("openssl") is None:
        pytest.skip("needs openssl to make the token server's certificate")
    work = tmp_path_factory.mktemp("registry-token")
    tokens = TokenServer(work, {"alice": PASSWORD})
    with tokens.serve(), run_registry(work, tokens.registry_auth_yaml()) as running:
        yield running, tokens


@requires_registry
@pytest.mark.xdist_group("registry-token")
def test_bearer_token_handshake(
    token_registry: tuple[LocalRegistry, TokenServer], tmp_path: Path, docker_config: Path
) -> None:
    registry, tokens = token_registry
    store = ImageStore(tmp_path / "store")
    ref = f"{registry.host}/bearer/app:1"
    image = make_image(store, ref, "bearer")

    with pytest.raises(RegistryError, match="401"):
        push_image(store, image, ref)  # anonymous tokens only grant pull
    assert any(user is None for user, _ in tokens.requests)

    store_credentials(registry.host, Credentials("alice", PASSWORD))
    tokens.requests.clear()
    assert push_image(store, image, ref).uploaded == 3
    assert ("alice", ["repository:bearer/app:pull,push"]) in tokens.requests

    # A mount needs pull on the source repository too: both scopes go into one token.
    mounted = push_image(store, image, f"{registry.host}/bearer/copy:1")
    assert mounted.mounted == 3
    assert any("repository:bearer/app:pull" in scopes for user, scopes in tokens.requests if user == "alice")

    os.unlink(docker_config / "config.json")
    anonymous = pull_image(ImageStore(tmp_path / "fresh"), ref)
    assert anonymous.image.digest == image.digest
    assert _cli(store.root, "login", registry.host, "-u", "alice", "-p", "wrong").returncode == 1


def test_credentials_never_go_to_a_remote_token_server_over_plain_http() -> None:
    auth = RegistryAuth(Credentials("alice", PASSWORD))
    remote = parse_www_authenticate('Bearer realm="http://auth.example.com/token",service="r"')
    with pytest.raises(AuthError, match="plain HTTP"):
        auth._token_request(remote)
    secure = auth._token_request(parse_www_authenticate('Bearer realm="https://auth.example.com/token"'))
    assert secure.headers["Authorization"].startswith("Basic ")
    local = auth._token_request(parse_www_authenticate('Bearer realm="http://127.0.0.1:5001/token"'))
    assert local.url.host == "127.0.0.1"
    insecure = RegistryAuth(Credentials("alice", PASSWORD), insecure_hosts=frozenset({"auth.example.com"}))
    assert insecure._token_request(remote).headers["Authorization"].startswith("Basic ")
    assert RegistryAuth()._token_request(remote).headers.get("Authorization") is None


def test_unreachable_registry_is_a_clear_error(tmp_path: Path) -> None:
    port = free_port()
    result = _cli(tmp_path / "store", "pull", f"127.0.0.1:{port}/nothing/here:1")
    assert result.returncode == 1
    assert (
        f"manifest 127.0.0.1:{port}/nothing/here:1: cannot fetch it from http://127.0.0.1:{port}"
        in result.stderr
    )
    assert "Traceback" not in result.stderr
