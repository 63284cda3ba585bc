"""Test support for the registry tests: Debian's docker-registry on 127.0.0.1, a bearer-token
server, and small images made through the image store API."""

from __future__ import annotations

import base64
import io
import json
import os
import shutil
import socket
import subprocess
import tarfile
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from stagebuild.image.layers import write_layer_from_tar
from stagebuild.image.store import Image, ImageStore, add_history, new_config

REGISTRY_BINARY = shutil.which("docker-registry")
SKOPEO = shutil.which("skopeo")
BUSYBOX = Path("/bin/busybox")

requires_registry = pytest.mark.skipif(
    REGISTRY_BINARY is None or SKOPEO is None or not BUSYBOX.exists(),
    reason="needs Debian's docker-registry, skopeo and busybox-static",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LocalRegistry:
    host: str
    storage: Path
    log: Path

    def blob_file(self, digest: str) -> Path:
        hex_digest = digest.removeprefix("sha256:")
        return self.storage / "docker/registry/v2/blobs/sha256" / hex_digest[:2] / hex_digest / "data"


def make_certificate(work: Path, name: str) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (with the IP SAN Go insists on) and its key."""
    cert, key = work / f"{name}.crt", work / f"{name}.key"
    request = [
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
    ]
    san = ["-addext", "subjectAltName=IP:127.0.0.1"]
    subprocess.run([*request, *san, "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


@contextmanager
def run_registry(work: Path, auth: str = "", tls: tuple[Path, Path] | None = None) -> Iterator[LocalRegistry]:
    """Start docker-registry on a free loopback port with ``auth`` (a YAML block) and wait for it;
    with ``tls`` (certificate, key) it serves HTTPS only."""
    port = free_port()
    storage = work / "registry-data"
    config = work / "registry.yml"
    config.write_text(
        "version: 0.1\n"
        "log:\n  level: warn\n"
        f"storage:\n  filesystem:\n    rootdirectory: {storage}\n  delete:\n    enabled: true\n"
        f"http:\n  addr: 127.0.0.1:{port}\n"
        + (f"  tls:\n    certificate: {tls[0]}\n    key: {tls[1]}\n" if tls else "")
        + auth
    )
    log = work / "registry.log"
    with open(log, "wb") as log_file:
        process = subprocess.Popen(
            [str(REGISTRY_BINARY), "serve", str(config)], stdout=log_file, stderr=log_file
        )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                httpx.get(f"{'https' if tls else 'http'}://127.0.0.1:{port}/v2/", timeout=1, verify=False)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"docker-registry did not start:\n{log.read_text()}") from None
                time.sleep(0.05)
        yield LocalRegistry(f"127.0.0.1:{port}", storage, log)
    finally:
        process.terminate()
        process.wait(timeout=10)


def make_image(store: ImageStore, ref: str, marker: str, *, big: bool = False) -> Image:
    """An image of two layers: busybox (with /bin/sh), and a small file saying ``marker``.

    ``big`` adds 3 MiB of incompressible data to the second layer, for chunked uploads.
    """
    layers = []
    for files in (
        {"bin/busybox": (BUSYBOX.read_bytes(), 0o755)},
        {"etc/marker": (marker.encode() + b"\n", 0o644)}
        | ({"data/random": (os.urandom(3 << 20), 0o644)} if big else {}),
    ):
        with tempfile.TemporaryFile() as buffer:
            with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
                for name, (data, mode) in files.items():
                    info = tarfile.TarInfo(name)
                    info.size, info.mode = len(data), mode
                    tar.addfile(info, io.BytesIO(data))
                if "bin/busybox" in files:
                    link = tarfile.TarInfo("bin/sh")
                    link.type, link.linkname = tarfile.SYMTYPE, "busybox"
                    tar.addfile(link)
            buffer.seek(0)
            with open(buffer.fileno(), "rb", closefd=False) as reader:  # a BufferedReader, as the API wants
                layers.append(write_layer_from_tar(reader, store.content, source=f"{marker} layer"))
    config = new_config()
    config["config"]["Cmd"] = ["/bin/sh"]
    for step in ("ADD busybox /", f"RUN echo {marker} > /etc/marker"):
        add_history(config, created_by=step)
    image = store.commit_image(config, layers)
    store.tag(image, ref)
    return image


def skopeo(*args: str) -> str:
    result = subprocess.run(["skopeo", *args], capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise AssertionError(f"skopeo {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


# -- a bearer-token server ---------------------------------------------------------------------------


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@dataclass
class TokenServer:
    """Issues RS256 JWTs the registry trusts (x5c header with a self-signed certificate).

    ``users`` maps user → password; anonymous requests get pull access only. Every token request
    is recorded in ``requests`` as (user or None, requested scopes).
    """

    work: Path
    users: dict[str, str]
    service: str = "stagebuild-test"
    issuer: str = "stagebuild-test-issuer"
    requests: list[tuple[str | None, list[str]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.cert, self.key = make_certificate(self.work, "token")
        der = subprocess.run(
            ["openssl", "x509", "-in", str(self.cert), "-outform", "DER"], check=True, capture_output=True
        ).stdout
        self.x5c = base64.b64encode(der).decode()
        self.port = free_port()

    @property
    def realm(self) -> str:
        return f"http://127.0.0.1:{self.port}/token"

    def registry_auth_yaml(self) -> str:
        return (
            f"auth:\n  token:\n    realm: {self.realm}\n    service: {self.service}\n"
            f"    issuer: {self.issuer}\n    rootcertbundle: {self.cert}\n"
        )

    def sign(self, user: str | None, scopes: list[str]) -> str:
        access = []
        for scope in scopes:
            kind, _, rest = scope.partition(":")
            name, _, actions = rest.rpartition(":")
            allowed = [a for a in actions.split(",") if user is not None or a == "pull"]
            access.append({"type": kind, "name": name, "actions": allowed})
        now = int(time.time())
        header = {"typ": "JWT", "alg": "RS256", "x5c": [self.x5c]}
        claims = {
            "iss": self.issuer,
            "sub": user or "",
            "aud": self.service,
            "exp": now + 300,
            "nbf": now - 10,
            "iat": now,
            "jti": uuid.uuid4().hex,
            "access": access,
        }
        signing_input = f"{_b64url(json.dumps(header).encode())}.{_b64url(json.dumps(claims).encode())}"
        signature = subprocess.run(
            ["openssl", "dgst", "-sha256", "-sign", str(self.key)],
            input=signing_input.encode(),
            check=True,
            capture_output=True,
        ).stdout
        return f"{signing_input}.{_b64url(signature)}"

    @contextmanager
    def serve(self) -> Iterator[TokenServer]:
        server_self = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                query = parse_qs(urlparse(self.path).query)
                user: str | None = None
                header = self.headers.get("Authorization", "")
                if header.startswith("Basic "):
                    name, _, password = base64.b64decode(header[6:]).decode().partition(":")
                    if server_self.users.get(name) != password:
                        self.send_response(401)
                        self.end_headers()
                        return
                    user = name
                scopes = query.get("scope", [])
                server_self.requests.append((user, scopes))
                body = json.dumps({"token": server_self.sign(user, scopes), "expires_in": 300}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        httpd = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            httpd.shutdown()
            httpd.server_close()
