"""Image references (``busybox``, ``127.0.0.1:5000/team/app:v1``, ``name@sha256:…``) parsed as Docker does.

Docker normalises a reference before using it: a name without a registry domain lives on
``docker.io``, a single-component name on Docker Hub lives under ``library/``, and a reference with
neither tag nor digest means ``:latest``.  The first path component is a domain when it contains a
``.`` or a ``:`` or is ``localhost``; anything else is part of the repository path.  ``str()`` gives
the familiar short form users type (``busybox:latest``), :meth:`Reference.canonical` the full one.

    >>> ref = parse_reference("busybox")
    >>> ref.canonical()
    'docker.io/library/busybox:latest'
    >>> str(parse_reference("127.0.0.1:5000/x/y:t"))
    '127.0.0.1:5000/x/y:t'

The grammar is that of the distribution project's reference package, written here as a few regular
expressions because no maintained Python library implements it.
"""

from __future__ import annotations

import re

from stagebuild.record import Record

DEFAULT_DOMAIN = "docker.io"
LEGACY_DEFAULT_DOMAIN = "index.docker.io"
OFFICIAL_REPO_PREFIX = "library/"
DEFAULT_TAG = "latest"
NAME_TOTAL_LENGTH_MAX = 255

_PATH_COMPONENT = re.compile(r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*")
_DOMAIN = re.compile(
    r"(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
    r"|\[[0-9a-fA-F:.]+\])(?::[0-9]+)?"
)
_TAG = re.compile(r"[\w][\w.-]{0,127}")
_DIGEST = re.compile(r"[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}")
_SHA256_HEX = re.compile(r"[a-f0-9]{64}")


class InvalidReferenceError(ValueError):
    """A string that is not a valid image reference; the message says which part is wrong."""


class Reference(Record):
    """A normalised image reference: ``domain/path`` plus an optional tag and/or digest.

    Invariant: at least one of ``tag`` and ``digest`` is set (a bare name gets ``latest``).
    """

    domain: str
    path: str
    tag: str | None = None
    digest: str | None = None

    @property
    def name(self) -> str:
        """The full repository name, ``docker.io/library/busybox``."""
        return f"{self.domain}/{self.path}"

    @property
    def familiar_name(self) -> str:
        """The repository name as users write it: ``busybox``, ``127.0.0.1:5000/x/y``."""
        if self.domain != DEFAULT_DOMAIN:
            return self.name
        if self.path.startswith(OFFICIAL_REPO_PREFIX) and "/" not in self.path[len(OFFICIAL_REPO_PREFIX) :]:
            return self.path[len(OFFICIAL_REPO_PREFIX) :]
        return self.path

    def canonical(self) -> str:
        """The fully qualified form, ``docker.io/library/busybox:latest``."""
        return self.name + self._suffix()

    def _suffix(self) -> str:
        out = ""
        if self.tag is not None:
            out += ":" + self.tag
        if self.digest is not None:
            out += "@" + self.digest
        return out

    def __str__(self) -> str:
        return self.familiar_name + self._suffix()


def parse_reference(text: str) -> Reference:
    """Parse and normalise ``text``; raise :class:`InvalidReferenceError` naming the bad part."""
    if not text:
        raise InvalidReferenceError("invalid reference: empty string")
    remainder = text
    digest: str | None = None
    if "@" in remainder:
        remainder, digest = remainder.split("@", 1)
        if not _DIGEST.fullmatch(digest):
            raise InvalidReferenceError(f"invalid reference {text!r}: bad digest {digest!r}")
        if digest.startswith("sha256:") and not _SHA256_HEX.fullmatch(digest[7:]):
            raise InvalidReferenceError(f"invalid reference {text!r}: sha256 digest needs 64 hex digits")
    tag: str | None = None
    last_slash = remainder.rfind("/")
    colon = remainder.rfind(":")
    if colon > last_slash:
        remainder, tag = remainder[:colon], remainder[colon + 1 :]
        if not _TAG.fullmatch(tag):
            raise InvalidReferenceError(f"invalid reference {text!r}: bad tag {tag!r}")
    domain, path = _split_domain(remainder, text)
    for component in path.split("/"):
        if not _PATH_COMPONENT.fullmatch(component):
            if component.lower() != component and _PATH_COMPONENT.fullmatch(component.lower()):
                raise InvalidReferenceError(f"invalid reference {text!r}: repository name must be lowercase")
            raise InvalidReferenceError(f"invalid reference {text!r}: bad repository component {component!r}")
    if len(domain) + 1 + len(path) > NAME_TOTAL_LENGTH_MAX:
        raise InvalidReferenceError(f"invalid reference {text!r}: name longer than {NAME_TOTAL_LENGTH_MAX}")
    if tag is None and digest is None:
        tag = DEFAULT_TAG
    return Reference(domain, path, tag, digest)


def is_image_id(text: str) -> bool:
    """Whether ``text`` looks like an image ID or a prefix of one (``sha256:ab12…``, ``ab12cd34ef56``)."""
    hex_part = text[7:] if text.startswith("sha256:") else text
    return 4 <= len(hex_part) <= 64 and re.fullmatch(r"[a-f0-9]+", hex_part) is not None


def _split_domain(name: str, text: str) -> tuple[str, str]:
    first, sep, rest = name.partition("/")
    if sep and ("." in first or ":" in first or first == "localhost"):
        if not _DOMAIN.fullmatch(first):
            raise InvalidReferenceError(f"invalid reference {text!r}: bad registry domain {first!r}")
        domain, path = first, rest
    else:
        domain, path = DEFAULT_DOMAIN, name
    if domain == LEGACY_DEFAULT_DOMAIN:
        domain = DEFAULT_DOMAIN
    if domain == DEFAULT_DOMAIN and "/" not in path:
        path = OFFICIAL_REPO_PREFIX + path
    if not path:
        raise InvalidReferenceError(f"invalid reference {text!r}: missing repository name")
    return domain, path
