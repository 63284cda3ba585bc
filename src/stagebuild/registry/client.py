"""A client for the Distribution API v2 (the OCI distribution spec), on httpx.

One :class:`RegistryClient` talks to one registry host. The endpoints used:

====================================================  =========================================
``GET /v2/``                                          ping (and the first auth challenge)
``GET|HEAD /v2/<name>/manifests/<tag|digest>``        manifests and indexes, by ``Accept``
``PUT /v2/<name>/manifests/<tag|digest>``             push a manifest
``GET|HEAD /v2/<name>/blobs/<digest>``                blobs (registries may redirect to storage)
``POST /v2/<name>/blobs/uploads/?mount=&from=``       cross-repository mount (201), or a session
``POST /v2/<name>/blobs/uploads/``                    start an upload session (202 + Location)
``PATCH <location>`` with ``Content-Range``           one chunk of a chunked upload
``PUT <location>?digest=<digest>``                    finish an upload (body = the whole blob
                                                      for a monolithic upload)
====================================================  =========================================

Every manifest and blob is checked against its digest before it is kept: a tampered blob is
refused with :class:`DigestMismatchError` and never reaches the store. Everything goes over HTTPS
with certificates checked (against the system's CAs, or ``$SSL_CERT_FILE``), except for a loopback
host or one the user lists with ``--insecure-registry``: as Docker does, those get HTTPS without
certificate checks when they answer it, else plain HTTP.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, BinaryIO, Protocol, Self
from urllib.parse import urljoin

import httpx

from stagebuild.image.content import (
    INDEX_MEDIA_TYPES,
    MEDIA_TYPE_DOCKER_MANIFEST,
    MEDIA_TYPE_DOCKER_MANIFEST_LIST,
    MEDIA_TYPE_OCI_INDEX,
    MEDIA_TYPE_OCI_MANIFEST,
)
from stagebuild.registry.auth import (
    AuthError,
    Credentials,
    RegistryAuth,
    hostname,
    is_loopback,
    load_credentials,
    scopes_for,
)

MANIFEST_ACCEPT = ", ".join(
    (
        MEDIA_TYPE_OCI_MANIFEST,
        MEDIA_TYPE_OCI_INDEX,
        MEDIA_TYPE_DOCKER_MANIFEST,
        MEDIA_TYPE_DOCKER_MANIFEST_LIST,
    )
)
MAX_MANIFEST_BYTES = 4 << 20
"""Manifests are small; a larger answer is refused rather than read into memory (as containerd)."""
DEFAULT_CHUNK_SIZE = 16 << 20
"""Blobs up to this size go in one PUT; larger ones in PATCH chunks of this size."""


class BlobSink(Protocol):
    """Where a fetched blob goes: a :class:`~stagebuild.image.content.BlobWriter` or a wrapper."""

    def write(self, data: bytes) -> int: ...


class RegistryError(Exception):
    """A registry answered with an error, or with something we refuse to use."""


class DigestMismatchError(RegistryError):
    """Content from the registry does not match the digest it was asked for."""


@dataclass(frozen=True)
class Manifest:
    """A manifest or index as the registry returned it (bytes verified against ``digest``)."""

    media_type: str
    digest: str
    data: bytes

    @property
    def is_index(self) -> bool:
        return self.media_type in INDEX_MEDIA_TYPES

    def json(self) -> Any:
        return json.loads(self.data)


def plain_http_allowed(host: str, insecure_registries: Iterable[str] = ()) -> bool:
    """Whether ``host`` may be spoken to over plain HTTP: loopback, or listed as insecure."""
    insecure = set(insecure_registries)
    return is_loopback(host) or host in insecure or hostname(host) in insecure


def _api_host(domain: str) -> str:
    """Docker Hub's API lives on another host than the name users write."""
    return "registry-1.docker.io" if domain == "docker.io" else domain


class RegistryClient:
    """Distribution API v2 client for one registry host (``127.0.0.1:5000``, ``ghcr.io``).

    >>> with RegistryClient("127.0.0.1:5000") as client:
    ...     manifest = client.get_manifest("team/app", "v1")
    """

    def __init__(
        self,
        domain: str,
        *,
        credentials: Credentials | None = None,
        insecure_registries: Iterable[str] = (),
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        timeout: float = 60.0,
    ) -> None:
        self.domain = domain
        self._host = _api_host(domain)
        insecure = plain_http_allowed(domain, insecure_registries)
        self._base_url = None if insecure else f"https://{self._host}"
        self.chunk_size = chunk_size
        self.auth = RegistryAuth(
            credentials if credentials is not None else load_credentials(domain),
            insecure_hosts=frozenset(insecure_registries),
        )
        self._http = httpx.Client(
            auth=self.auth,
            follow_redirects=True,
            verify=not insecure,
            timeout=httpx.Timeout(timeout, connect=10.0),
            headers={"User-Agent": "stagebuild"},
        )

    @property
    def base_url(self) -> str:
        """``https://host``, or for a registry allowed plain HTTP whichever scheme it answers on."""
        if self._base_url is None:
            self._base_url = self._probe_scheme()
        return self._base_url

    def _probe_scheme(self) -> str:
        """Docker's rule for insecure registries: HTTPS (unverified) when it answers, else HTTP."""
        https = f"https://{self._host}"
        try:
            self._http.get(https + "/v2/", auth=None)
        except httpx.TransportError:
            return f"http://{self._host}"
        return https

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    # -- requests ------------------------------------------------------------------------------------

    def _request(
        self,
        method: str,
        url: str,
        *,
        expect: Iterable[int],
        what: str,
        **kwargs: Any,
    ) -> httpx.Response:
        target = url if url.startswith(("http://", "https://")) else self.base_url + url
        try:
            response = self._http.request(method, target, **kwargs)
        except httpx.HTTPError as exc:
            raise RegistryError(f"{what}: cannot reach {self.base_url}: {exc}") from exc
        except AuthError as exc:
            raise RegistryError(f"{what}: {exc}") from exc

        if response.status_code not in expect:
            raise RegistryError(f"{what}: {self._describe_error(response)}")
        return response

    def _describe_error(self, response: httpx.Response) -> str:
        response.read()
        detail = ""
        try:
            errors = response.json().get("errors") or []
            detail = "; ".join(f"{e.get('code', '?')}: {e.get('message', '')}" for e in errors)
        except (json.JSONDecodeError, AttributeError, TypeError):
            detail = response.text[:200].strip()
        hint = ""
        if response.status_code == 401:
            hint = f" (log in with: stagebuild login {self.domain} -u USER)"
        return f"{self.domain} answered {response.status_code} {response.reason_phrase}{hint}" + (
            f": {detail}" if detail else ""
        )

    def ping(self) -> None:
        """``GET /v2/``: checks that the registry speaks the API and that we may use it."""
        self._request("GET", "/v2/", expect=(200,), what=f"ping {self.domain}")

    # -- manifests -----------------------------------------------------------------------------------

    def get_manifest(self, repository: str, reference: str) -> Manifest:
        """A manifest or index by tag or digest, verified against its digest."""
        separator = "@" if ":" in reference else ":"
        what = f"manifest {self.domain}/{repository}{separator}{reference}"
        self.auth.extra_scopes.add(scopes_for(repository, ["pull"]))
        url = f"{self.base_url}/v2/{repository}/manifests/{reference}"
        try:
            with self._http.stream("GET", url, headers={"Accept": MANIFEST_ACCEPT}) as response:
                if response.status_code != 200:
                    raise RegistryError(f"{what}: {self._describe_error(response)}")
                data = bytearray()
                for chunk in response.iter_bytes():
                    data += chunk
                    if len(data) > MAX_MANIFEST_BYTES:
                        raise RegistryError(f"{what}: larger than {MAX_MANIFEST_BYTES} bytes; refusing it")
        except (httpx.HTTPError, AuthError) as exc:
            raise RegistryError(f"{what}: cannot fetch it from {self.base_url}: {exc}") from exc
        media_type = response.headers.get("Content-Type", "").split(";")[0].strip()
        digest = "sha256:" + hashlib.sha256(data).hexdigest()
        expected = reference if ":" in reference else response.headers.get("Docker-Content-Digest")
        if expected and expected != digest:
            raise DigestMismatchError(
                f"{what}: content has digest {digest}, expected {expected}; refusing it"
            )
        body = bytes(data)
        return Manifest(media_type=_manifest_media_type(body, media_type), digest=digest, data=body)

    def put_manifest(self, repository: str, reference: str, media_type: str, data: bytes) -> str:
        """Upload a manifest under a tag (or its digest); returns the digest the registry reports."""
        digest = "sha256:" + hashlib.sha256(data).hexdigest()
        response = self._request(
            "PUT",
            f"/v2/{repository}/manifests/{reference}",
            expect=(201, 200),
            what=f"push manifest {self.domain}/{repository}:{reference}",
            content=data,
            headers={"Content-Type": media_type},
        )
        reported = response.headers.get("Docker-Content-Digest")
        if reported and reported != digest:
            raise DigestMismatchError(f"{self.domain} stored the manifest as {reported}, we sent {digest}")
        return digest

    # -- blobs ---------------------------------------------------------------------------------------

    def blob_exists(self, repository: str, digest: str) -> bool:
        response = self._request(
            "HEAD",
            f"/v2/{repository}/blobs/{digest}",
            expect=(200, 404),
            what=f"check blob {digest} in {self.domain}/{repository}",
        )
        return response.status_code == 200

    def fetch_blob(self, repository: str, digest: str, writer: BlobSink, size: int | None = None) -> int:
        """Stream a blob into ``writer`` (from :meth:`ContentStore.ingest` with ``expected=digest``).

        The digest is checked here too, so the error names the registry and repository rather
        than a store path; the writer's own check keeps a mismatched blob out of the store. With
        ``size`` (the descriptor's), a longer answer is cut off as soon as it overruns, so a
        hostile registry cannot fill the disk.
        """
        what = f"blob {digest} from {self.domain}/{repository}"
        self.auth.extra_scopes.add(scopes_for(repository, ["pull"]))
        hasher = hashlib.sha256()
        received = 0
        try:
            with self._http.stream("GET", f"{self.base_url}/v2/{repository}/blobs/{digest}") as response:
                if response.status_code != 200:
                    raise RegistryError(f"{what}: {self._describe_error(response)}")
                for chunk in response.iter_bytes(1 << 20):
                    received += len(chunk)
                    if size is not None and received > size:
                        raise DigestMismatchError(f"{what}: more than the {size} bytes its descriptor says")
                    hasher.update(chunk)
                    writer.write(chunk)
        except (httpx.HTTPError, AuthError) as exc:
            raise RegistryError(f"{what}: transfer failed: {exc}") from exc
        actual = "sha256:" + hasher.hexdigest()
        if actual != digest:
            raise DigestMismatchError(
                f"{what}: the content has digest {actual}; the blob is corrupted or was tampered with, "
                f"refusing it"
            )
        return received

    def mount_blob(self, repository: str, digest: str, source_repository: str) -> bool:
        """Ask the registry to link a blob it has in another repository; True when it did."""
        self.auth.extra_scopes.add(scopes_for(source_repository, ["pull"]))
        response = self._request(
            "POST",
            f"/v2/{repository}/blobs/uploads/",
            params={"mount": digest, "from": source_repository},
            expect=(201, 202),
            what=f"mount blob {digest} from {source_repository} into {self.domain}/{repository}",
        )
        if response.status_code == 201:
            return True
        # The registry opened an upload session instead; cancel it, the caller uploads normally.
        location = response.headers.get("Location")
        if location:
            with contextlib.suppress(httpx.HTTPError):
                self._http.delete(self._absolute(location))
        return False

    def upload_blob(
        self,
        repository: str,
        digest: str,
        size: int,
        open_blob: Callable[[], BinaryIO],
        *,
        on_progress: Callable[[int], None] | None = None,
    ) -> None:
        """Upload a blob: in one PUT up to ``chunk_size`` bytes, else in PATCH chunks then a PUT."""
        what = f"upload blob {digest} to {self.domain}/{repository}"
        self.auth.extra_scopes.add(scopes_for(repository, ["pull", "push"]))
        started = self._request("POST", f"/v2/{repository}/blobs/uploads/", expect=(202,), what=what)
        location = self._location(started, what)
        with open_blob() as blob:
            if size <= self.chunk_size:
                data = blob.read()
                self._finish_upload(location, digest, data, what)
                if on_progress:
                    on_progress(len(data))
                return
            offset = 0
            while chunk := blob.read(self.chunk_size):
                response = self._request(
                    "PATCH",
                    location,
                    expect=(202,),
                    what=what,
                    content=chunk,
                    headers={
                        "Content-Type": "application/octet-stream",
                        "Content-Range": f"{offset}-{offset + len(chunk) - 1}",
                    },
                )
                offset += len(chunk)
                location = self._location(response, what)
                if on_progress:
                    on_progress(len(chunk))
        if offset != size:
            raise RegistryError(f"{what}: read {offset} bytes from the store, expected {size}")
        self._finish_upload(location, digest, b"", what)

    def _finish_upload(self, location: str, digest: str, data: bytes, what: str) -> None:
        # The Location carries the registry's own query (upload state); add to it, never replace it.
        response = self._request(
            "PUT",
            str(httpx.URL(location).copy_merge_params({"digest": digest})),
            expect=(201, 204),
            what=what,
            content=data,
            headers={"Content-Type": "application/octet-stream"},
        )
        reported = response.headers.get("Docker-Content-Digest")
        if reported and reported != digest:
            raise DigestMismatchError(f"{what}: the registry computed {reported}")

    def _location(self, response: httpx.Response, what: str) -> str:
        location = response.headers.get("Location")
        if not location:
            raise RegistryError(f"{what}: the registry gave no upload Location")
        return self._absolute(location)

    def _absolute(self, location: str) -> str:
        return urljoin(self.base_url + "/", location)


def _manifest_media_type(data: bytes, content_type: str) -> str:
    """The ``mediaType`` a manifest declares, else the registry's Content-Type, else a guess."""
    try:
        document = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise RegistryError(f"manifest is not JSON: {exc}") from exc
    if not isinstance(document, dict):
        raise RegistryError("manifest is not a JSON object")
    declared = document.get("mediaType")
    if isinstance(declared, str) and declared:
        return declared
    if content_type in MANIFEST_ACCEPT.split(", "):
        return content_type
    return MEDIA_TYPE_OCI_INDEX if "manifests" in document else MEDIA_TYPE_OCI_MANIFEST
