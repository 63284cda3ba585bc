"""Resolve ``USER``, ``--user`` and ``--chown`` specifications against an image's passwd and group files.

Two rule sets exist and both are Docker's:

- a process user (``USER``, ``stagebuild run -u``) follows runc's ``GetExecUser``: ``NAME|UID``
  optionally ``:GROUP|GID``; a name must exist in ``/etc/passwd``, a bare UID need not (its group is
  then 0); without an explicit group the user's primary group applies plus, as supplementary
  groups, every ``/etc/group`` entry that lists the user.
- a file owner (``COPY --chown``) follows BuildKit's file operation: a name's group is its primary
  group, a bare UID's group is the same number, and an explicit group replaces either.  Where
  BuildKit silently maps an unknown name to 0, we refuse with an error naming the file, because an
  image owned by root by accident is worse than a failed build.

The files are read from inside the root filesystem with symlinks resolved inside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from stagebuild.worker.paths import scoped_join

MAX_ID = 2**31 - 1
MAX_FILE_BYTES = 10 << 20
"""passwd/group files larger than this are refused (BuildKit's limit), so a hostile image cannot
make us read gigabytes."""


class UserLookupError(ValueError):
    """A user or group name that the image's passwd/group files do not define."""


@dataclass(frozen=True)
class PasswdEntry:
    name: str
    uid: int
    gid: int


@dataclass(frozen=True)
class GroupEntry:
    name: str
    gid: int
    members: tuple[str, ...]


@dataclass(frozen=True)
class ExecUser:
    """The identity a container process runs with."""

    uid: int
    gid: int
    additional_gids: tuple[int, ...] = ()


def read_passwd(rootfs: Path) -> list[PasswdEntry]:
    """Entries of ``/etc/passwd`` inside ``rootfs`` (none when the file is absent)."""
    entries = []
    for fields in _records(rootfs, "/etc/passwd"):
        if len(fields) < 4:
            continue
        uid, gid = _parse_id(fields[2]), _parse_id(fields[3])
        if uid is None or gid is None:
            continue
        entries.append(PasswdEntry(fields[0], uid, gid))
    return entries


def read_group(rootfs: Path) -> list[GroupEntry]:
    """Entries of ``/etc/group`` inside ``rootfs`` (none when the file is absent)."""
    entries = []
    for fields in _records(rootfs, "/etc/group"):
        if len(fields) < 3:
            continue
        gid = _parse_id(fields[2])
        if gid is None:
            continue
        members = tuple(m for m in fields[3].split(",") if m) if len(fields) > 3 else ()
        entries.append(GroupEntry(fields[0], gid, members))
    return entries


def resolve_exec_user(rootfs: Path, spec: str) -> ExecUser:
    """The uid, gid and supplementary gids of a ``USER`` value inside ``rootfs``.

    >>> resolve_exec_user(Path("rootfs"), "nobody")  # doctest: +SKIP
    ExecUser(uid=65534, gid=65534, additional_gids=())
    """
    user_part, _, group_part = (spec or "0").partition(":")
    passwd = read_passwd(rootfs)
    match = next((e for e in passwd if e.name == user_part or str(e.uid) == user_part), None)
    if match is not None:
        uid, gid = match.uid, match.gid
    else:
        numeric = _parse_id(user_part)
        if numeric is None:
            raise UserLookupError(f"unable to find user {user_part}: no matching entries in passwd file")
        uid, gid = numeric, 0
    if group_part:
        return ExecUser(uid, _resolve_group(rootfs, group_part))
    additional: tuple[int, ...] = ()
    if match is not None:
        additional = tuple(g.gid for g in read_group(rootfs) if match.name in g.members)
    return ExecUser(uid, gid, additional)


def resolve_owner(rootfs: Path, spec: str) -> tuple[int, int]:
    """The (uid, gid) of a ``COPY --chown`` value inside ``rootfs``."""
    user_part, _, group_part = spec.partition(":")
    numeric = _parse_id(user_part)
    if numeric is not None:
        uid = gid = numeric
    else:
        match = next((e for e in read_passwd(rootfs) if e.name == user_part), None)
        if match is None:
            raise UserLookupError(f"unable to find user {user_part}: no matching entries in /etc/passwd")
        uid, gid = match.uid, match.gid
    if group_part:
        gid = _resolve_group(rootfs, group_part)
    return uid, gid


def _resolve_group(rootfs: Path, group: str) -> int:
    numeric = _parse_id(group)
    if numeric is not None:
        return numeric
    match = next((g for g in read_group(rootfs) if g.name == group), None)
    if match is None:
        raise UserLookupError(f"unable to find group {group}: no matching entries in /etc/group")
    return match.gid


def _parse_id(text: str) -> int | None:
    if not text.isdigit():
        return None
    value = int(text)
    return value if value <= MAX_ID else None


def _records(rootfs: Path, image_path: str) -> list[list[str]]:
    host = scoped_join(rootfs, image_path)
    try:
        if not host.is_file():
            return []
        if host.stat().st_size > MAX_FILE_BYTES:
            raise UserLookupError(f"{image_path} in the image exceeds {MAX_FILE_BYTES} bytes")
        text = host.read_text(encoding="utf-8", errors="replace")
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [line.split(":") for line in text.splitlines() if line.strip() and not line.startswith("#")]
