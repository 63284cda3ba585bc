"""Registry credentials and authentication: anonymous, basic, and the bearer-token handshake.

Credentials live where Docker keeps them, ``$DOCKER_CONFIG/config.json`` (default
``~/.docker/config.json``), under ``auths`` with ``auth`` = base64 of ``user:password``;
``stagebuild login`` writes the same format (mode 0600, through a temporary file and a rename), so
``docker``, ``skopeo`` and stagebuild share one login.

Authentication follows the Distribution spec's token flow, as an ``httpx.Auth`` so every request of
a client gets it:

1. The request goes out with what we already hold (a bearer token, or basic credentials once the
   registry asked for them); anonymous at first.
2. A 401 carries ``WWW-Authenticate``. ``Basic realm=…``: retry with the user's credentials.
   ``Bearer realm=…,service=…,scope=…``: ask the realm for a token (``GET realm?service=…&scope=…``,
   with basic credentials when we have them, anonymously otherwise), then retry with
   ``Authorization: Bearer <token>``.
3. The token is reused for later requests; scopes granted so far are requested again with each new
   one, so a token for pushing to one repository and mounting from another covers both.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import os
import re
import secrets
from collections.abc import Generator, Iterable
from dataclasses import dataclass
from pathlib import Path

import httpx


class AuthError(Exception):
    """Authentication failed or the registry's challenge could not be answered."""


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str

    def basic_header(self) -> str:
        return "Basic " + base64.b64encode(f"{self.username}:{self.password}".encode()).decode()


@dataclass(frozen=True)
class Challenge:
    """One parsed ``WWW-Authenticate`` challenge: its scheme and parameters."""

    scheme: str
    params: dict[str, str]


_LOOPBACK_NAMES = frozenset({"localhost"})
_PARAM = re.compile(r'\s*([A-Za-z0-9_.-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?')


def parse_www_authenticate(header: str) -> Challenge:
    """Parse ``Bearer realm="https://auth/token",service="registry",scope="repository:a:pull"``."""
    scheme, _, rest = header.strip().partition(" ")
    params: dict[str, str] = {}
    position = 0
    while position < len(rest):
        match = _PARAM.match(rest, position)
        if match is None or match.end() == position:
            break
        quoted, bare = match.group(2), match.group(3)
        params[match.group(1).lower()] = re.sub(r"\\(.)", r"\1", quoted) if quoted is not None else bare
        position = match.end()
    return Challenge(scheme=scheme.lower(), params=params)


def docker_config_path() -> Path:
    """Docker's client configuration file, honouring ``$DOCKER_CONFIG``."""
    directory = os.environ.get("DOCKER_CONFIG")
    return Path(directory) / "config.json" if directory else Path.home() / ".docker" / "config.json"


_DOCKER_HUB_NAMES = ("docker.io", "registry-1.docker.io", "index.docker.io")
_DOCKER_HUB_KEY = "https://index.docker.io/v1/"
"""The ``auths`` key Docker has always used for Docker Hub."""


def _auth_keys(registry: str) -> list[str]:
    """The ``auths`` keys Docker may have used for a registry host."""
    if registry in _DOCKER_HUB_NAMES:
        return [_DOCKER_HUB_KEY, *_DOCKER_HUB_NAMES]
    return [registry, f"https://{registry}", f"http://{registry}", f"https://{registry}/v2/"]


def load_credentials(registry: str, config_path: Path | None = None) -> Credentials | None:
    """The stored credentials for ``registry`` (``host[:port]``), or None."""
    path = config_path or docker_config_path()
    try:
        config = json.loads(path.read_text())
    except FileNotFoundError:
        return None
    except (OSError, json.JSONDecodeError) as exc:
        raise AuthError(f"{path}: cannot read credentials: {exc}") from exc
    auths = config.get("auths") or {}
    for key in _auth_keys(registry):
        entry = auths.get(key)
        if not entry:
            continue
        if entry.get("auth"):
            try:
                user, _, password = base64.b64decode(entry["auth"]).decode().partition(":")
            except (ValueError, UnicodeDecodeError) as exc:
                raise AuthError(f"{path}: auths[{key!r}].auth is not base64 of user:password") from exc
            return Credentials(user, password)
        if entry.get("username"):
            return Credentials(entry["username"], entry.get("password", ""))
    return None


def store_credentials(registry: str, credentials: Credentials, config_path: Path | None = None) -> Path:
    """Record credentials in Docker's format, keeping the file's other entries; returns its path."""
    path = config_path or docker_config_path()
    try:
        config = json.loads(path.read_text())
    except FileNotFoundError:
        config = {}
    except (OSError, json.JSONDecodeError) as exc:
        raise AuthError(f"{path}: cannot update credentials: {exc}") from exc
    encoded = base64.b64encode(f"{credentials.username}:{credentials.password}".encode()).decode()
    key = _DOCKER_HUB_KEY if registry in _DOCKER_HUB_NAMES else registry
    config.setdefault("auths", {})[key] = {"auth": encoded}
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as handle:
            json.dump(config, handle, indent="\t")
            handle.flush()
            os.fsync(handle.fileno())
        os.rename(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def is_loopback(host: str) -> bool:
    """Whether ``host`` (``name``, ``name:port``, ``[::1]:port``) names this machine."""
    name = hostname(host)
    if name in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def hostname(host: str) -> str:
    """The host name of ``name:port`` or ``[v6]:port``."""
    if host.startswith("["):
        return host[1 : host.index("]")]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class RegistryAuth(httpx.Auth):
    """Answers a registry's 401 challenges (basic or bearer) and keeps what it obtained.

    ``extra_scopes`` are requested with every token, e.g. ``repository:other:pull`` before a
    cross-repository mount. Credentials go to a token server only over HTTPS, unless it is on
    this machine or among ``insecure_hosts`` (``--insecure-registry``).
    """

    def __init__(
        self, credentials: Credentials | None = None, *, insecure_hosts: frozenset[str] = frozenset()
    ) -> None:
        self.credentials = credentials
        self.insecure_hosts = insecure_hosts
        self.extra_scopes: set[str] = set()
        self._granted_scopes: set[str] = set()
        self._authorization: str | None = None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._authorization and "Authorization" not in request.headers:
            request.headers["Authorization"] = self._authorization
        response = yield request
        if response.status_code != 401:
            return
        challenge_header = response.headers.get("WWW-Authenticate")
        if not challenge_header:
            return
        challenge = parse_www_authenticate(challenge_header)
        if challenge.scheme == "basic":
            if self.credentials is None:
                return
            self._authorization = self.credentials.basic_header()
        elif challenge.scheme == "bearer":
            token_response = yield self._token_request(challenge)
            token_response.read()
            self._authorization = "Bearer " + self._token_from(token_response, challenge)
        else:
            raise AuthError(f"unsupported authentication scheme {challenge.scheme!r} from {request.url.host}")
        request.headers["Authorization"] = self._authorization
        yield request

    def _token_request(self, challenge: Challenge) -> httpx.Request:
        realm = challenge.params.get("realm")
        if not realm:
            raise AuthError("the registry's Bearer challenge names no realm")
        scopes = _merge_scopes(
            [*challenge.params.get("scope", "").split(), *self._granted_scopes, *self.extra_scopes]
        )
        self._granted_scopes = set(scopes)
        params: list[tuple[str, str | int | float | bool | None]] = []
        if challenge.params.get("service"):
            params.append(("service", challenge.params["service"]))
        params += [("scope", scope) for scope in scopes]
        url = httpx.URL(realm)
        headers = {}
        if self.credentials is not None:
            plain = (
                url.scheme != "https"
                and not is_loopback(url.host)
                and url.netloc.decode() not in self.insecure_hosts
            )
            if plain:
                raise AuthError(f"refusing to send credentials to the token server {realm} over plain HTTP")
            headers["Authorization"] = self.credentials.basic_header()
        return httpx.Request("GET", url, params=params, headers=headers)

    @staticmethod
    def _token_from(response: httpx.Response, challenge: Challenge) -> str:
        realm = challenge.params.get("realm")
        if response.status_code in (401, 403):
            raise AuthError(f"the token server {realm} refused the credentials ({response.status_code})")
        if response.status_code != 200:
            raise AuthError(
                f"the token server {realm} answered {response.status_code}: {response.text[:200]}"
            )
        try:
            body = response.json()
        except json.JSONDecodeError as exc:
            raise AuthError(f"the token server {realm} returned no JSON: {exc}") from exc
        token = body.get("token") or body.get("access_token")
        if not isinstance(token, str) or not token:
            raise AuthError(f"the token server {realm} returned no token")
        return token


def _merge_scopes(scopes: Iterable[str]) -> list[str]:
    """One scope per resource with the union of its actions: ``repository:a:pull`` and
    ``repository:a:push`` become ``repository:a:pull,push``."""
    actions: dict[str, set[str]] = {}
    for scope in scopes:
        resource, _, wanted = scope.rpartition(":")
        if resource:
            actions.setdefault(resource, set()).update(action for action in wanted.split(",") if action)
    return [f"{resource}:{','.join(sorted(wanted))}" for resource, wanted in sorted(actions.items())]


def scopes_for(repository: str, actions: Iterable[str]) -> str:
    """A resource scope string, ``repository:team/app:pull,push``."""
    return f"repository:{repository}:{','.join(actions)}"
