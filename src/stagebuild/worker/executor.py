"""Run a process in a root filesystem with runc, the runtime Docker and BuildKit use.

``RuncExecutor.run`` writes an OCI runtime bundle next to runc's state (``config.json`` whose root
is the snapshot's merged view, plus generated ``hosts``, ``resolv.conf`` and ``hostname`` files)
and runs ``runc run``; the process's stdout and stderr stream to callbacks, the exit code comes
back.  What the container gets follows BuildKit's RUN and Docker's defaults:

- namespaces pid, ipc, uts, mount and network; ``network="host"`` leaves the network namespace out.
  A new network namespace has only ``lo`` (runc brings it up);
- ``/proc``, ``/dev`` (tmpfs with devpts, shm, mqueue), ``/sys`` read-only, the cgroup tree
  read-only, Docker's masked and read-only ``/proc`` paths;
- ``/etc/hosts``, ``/etc/resolv.conf`` and ``/etc/hostname`` bind-mounted from the bundle;
- Docker's default capability set (none effective for a non-root user, as Docker 20.10+ does),
  ``noNewPrivileges`` off, ``RLIMIT_NOFILE``'s soft limit raised to the hard one; no seccomp
  profile (runc from Debian has no default one and BuildKit's RUN relies on the daemon's);
- the user resolved in the image's ``/etc/passwd`` and ``/etc/group`` (runc sets ``HOME`` from
  passwd), ``PATH`` defaulted when the environment has none, the working directory created if missing.

runc creates a mount point for every mount that lacks one.  Those stubs are not part of the step:
the executor creates them itself beforehand, remembers which did not exist (following symlinks
inside the root, as runc does), and removes them afterwards, restoring the parents' mtimes so the
snapshot sees no change.  On timeout, on KeyboardInterrupt, or when ``running.terminate_running()`` is
called (from a SIGTERM handler), the container is killed; in every case it is deleted and its
bundle removed, so no state is left behind.  What a process killed with SIGKILL leaves (runc
runs in its own session, so its container outlives us) is deleted by the first ``run`` of the next
process on the same state directory (``cleanup_stale_containers``).
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import resource
import selectors
import shutil
import stat
import subprocess
import time
import uuid
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from stagebuild.worker.fsops import remove_path
from stagebuild.worker.paths import scoped_join
from stagebuild.worker.running import RUNNING
from stagebuild.worker.users import ExecUser, UserLookupError, resolve_exec_user

DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
DEFAULT_HOSTNAME = "stagebuild"
CONTAINER_PREFIX = "stagebuild-"

DEFAULT_CAPABILITIES = (
    "CAP_CHOWN",
    "CAP_DAC_OVERRIDE",
    "CAP_FSETID",
    "CAP_FOWNER",
    "CAP_MKNOD",
    "CAP_NET_RAW",
    "CAP_SETGID",
    "CAP_SETUID",
    "CAP_SETFCAP",
    "CAP_SETPCAP",
    "CAP_NET_BIND_SERVICE",
    "CAP_SYS_CHROOT",
    "CAP_KILL",
    "CAP_AUDIT_WRITE",
)
"""Docker's default capability set."""

MASKED_PATHS = (
    "/proc/asound",
    "/proc/acpi",
    "/proc/kcore",
    "/proc/keys",
    "/proc/latency_stats",
    "/proc/timer_list",
    "/proc/timer_stats",
    "/proc/sched_debug",
    "/proc/scsi",
    "/sys/firmware",
    "/sys/devices/virtual/powercap",
)
READONLY_PATHS = ("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger")

OutputSink = Callable[[bytes], None]


class ExecError(RuntimeError):
    """The container could not be run to completion."""


class ContainerStartError(ExecError):
    """runc could not start the process (the message is runc's, e.g. ``exec: … no such file``)."""


class ExecTimeoutError(ExecError):
    """The process ran longer than its timeout and was killed."""


@dataclass(frozen=True)
class ProcessSpec:
    """What to run and how; ``user`` takes ``USER``'s syntax (``name``, ``uid``, ``uid:gid``…)."""

    args: tuple[str, ...]
    env: tuple[str, ...] = ()
    cwd: str = "/"
    user: str = ""
    network: str = "none"
    hostname: str = DEFAULT_HOSTNAME
    timeout: float | None = None


class Executor(Protocol):
    def run(self, rootfs: Path, process: ProcessSpec, stdout: OutputSink, stderr: OutputSink) -> int:
        """Run ``process`` in ``rootfs``; returns its exit code (128+N when killed by signal N)."""
        ...


@dataclass
class _MountStub:
    """A mount point created in the root filesystem only so that runc can mount onto it."""

    path: Path
    parent_times: tuple[int, int]
    parent_mtime_after: int = 0


@dataclass
class _Container:
    id: str
    bundle: Path
    stubs: list[_MountStub] = field(default_factory=list)


class RuncExecutor:
    """The ``Executor`` that runs processes with ``runc``; ``state_dir`` holds runc's state and bundles."""

    def __init__(self, state_dir: Path, runc: str = "runc") -> None:
        self.state_dir = state_dir
        self.runc = runc
        self._recovered = False

    def run(self, rootfs: Path, process: ProcessSpec, stdout: OutputSink, stderr: OutputSink) -> int:
        if process.network not in ("none", "host"):
            raise ExecError(f"network mode {process.network!r}: expected 'none' or 'host'")
        if not process.args:
            raise ExecError("no command to run")
        if shutil.which(self.runc) is None:
            raise ExecError(f"{self.runc} not found: install Debian's runc package (apt-get install runc)")
        if not self._recovered:
            # A build killed with SIGKILL leaves its container running (runc is in its own session).
            cleanup_stale_containers(self.state_dir, self.runc)
            self._recovered = True
        try:
            user = resolve_exec_user(rootfs, process.user)
        except UserLookupError as err:
            raise ExecError(str(err)) from None
        container_id = f"{CONTAINER_PREFIX}{os.getpid()}-{uuid.uuid4().hex[:12]}"
        container = _Container(id=container_id, bundle=self.state_dir / "bundles" / container_id)
        (self.state_dir / "runc").mkdir(parents=True, exist_ok=True)
        container.bundle.mkdir(parents=True)
        try:
            _ensure_workdir(rootfs, process.cwd)
            mounts = self._write_bundle(container, rootfs, process, user)
            _create_mount_stubs(rootfs, [m["destination"] for m in mounts], container.stubs)
            return self._run_runc(container, process, stdout, stderr)
        finally:
            _remove_mount_stubs(container.stubs)
            remove_path(container.bundle)

    # -- bundle --------------------------------------------------------------------------------

    def _write_bundle(
        self, container: _Container, rootfs: Path, process: ProcessSpec, user: ExecUser
    ) -> list[dict[str, Any]]:
        files = {
            "hosts": _hosts_file(process.hostname, process.network),
            "resolv.conf": _resolv_conf(process.network),
            "hostname": process.hostname + "\n",
        }
        for name, text in files.items():
            (container.bundle / name).write_text(text)
        mounts = _standard_mounts() + [
            {
                "destination": f"/etc/{name}",
                "type": "bind",
                "source": str(container.bundle / name),
                "options": ["rbind", "rprivate"],
            }
            for name in files
        ]
        namespaces = [{"type": kind} for kind in ("pid", "ipc", "uts", "mount")]
        if process.network != "host":
            namespaces.append({"type": "network"})
        capabilities = list(DEFAULT_CAPABILITIES)
        effective = capabilities if user.uid == 0 else []
        config = {
            "ociVersion": "1.0.2",
            "process": {
                "terminal": False,
                "user": {"uid": user.uid, "gid": user.gid, "additionalGids": list(user.additional_gids)},
                "args": list(process.args),
                "env": _process_env(process.env),
                "cwd": "/" + posixpath.normpath("/" + process.cwd).lstrip("/"),
                "capabilities": {
                    "bounding": capabilities,
                    "effective": effective,
                    "permitted": effective,
                    "inheritable": [],
                    "ambient": [],
                },
                "rlimits": [{"type": "RLIMIT_NOFILE", "hard": _nofile_limit(), "soft": _nofile_limit()}],
                "noNewPrivileges": False,
            },
            "root": {"path": str(rootfs.resolve()), "readonly": False},
            "hostname": process.hostname,
            "mounts": mounts,
            "linux": {
                "namespaces": namespaces,
                "maskedPaths": list(MASKED_PATHS),
                "readonlyPaths": list(READONLY_PATHS),
                "resources": {"devices": [{"allow": False, "access": "rwm"}]},
            },
        }
        (container.bundle / "config.json").write_text(json.dumps(config, indent=1))
        return mounts

    # -- running -------------------------------------------------------------------------------

    def _runc(self, *args: str) -> list[str]:
        return [self.runc, "--root", str(self.state_dir / "runc"), *args]

    def _run_runc(
        self, container: _Container, process: ProcessSpec, stdout: OutputSink, stderr: OutputSink
    ) -> int:
        log = container.bundle / "runc-log.json"
        argv = self._runc("--log", str(log), "--log-format", "json", "run", "--bundle", str(container.bundle))
        child = subprocess.Popen(
            [*argv, container.id],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # the terminal's Ctrl-C reaches us, and we kill the container
        )
        RUNNING[container.id] = self
        deadline = None if process.timeout is None else time.monotonic() + process.timeout
        timed_out = False
        watch = _OutputWatch(stdout, stderr)
        try:
            timed_out = _pump(child, watch.stdout, watch.stderr, deadline)
            if timed_out:
                self._kill(container.id)
                _pump(child, watch.stdout, watch.stderr, None)
            code = child.wait()
        except BaseException:
            self._kill(container.id)
            child.wait()
            raise
        finally:
            RUNNING.pop(container.id, None)
            self._delete(container.id)
        if timed_out:
            raise ExecTimeoutError(f"process {list(process.args)} killed after {process.timeout:g}s timeout")
        start_error = _runc_error(log) or watch.exec_failure(code, process.args[0] if process.args else "")
        if start_error is not None:
            raise ContainerStartError(start_error)
        return code if code >= 0 else 128 - code

    def _kill(self, container_id: str) -> None:
        subprocess.run(self._runc("kill", container_id, "KILL"), capture_output=True, check=False)

    def _delete(self, container_id: str) -> None:
        # ``runc run`` removes its container when the process exits; only an interrupted run leaves
        # state behind, so the common case costs no extra runc call.
        if (self.state_dir / "runc" / container_id).exists():
            subprocess.run(self._runc("delete", "--force", container_id), capture_output=True, check=False)

    def terminate(self, container_id: str) -> None:
        self._kill(container_id)


def cleanup_stale_containers(state_dir: Path, runc: str = "runc") -> list[str]:
    """Delete the containers and bundles under ``state_dir`` whose process no longer exists.

    A build killed with SIGKILL cannot clean up after itself; the next one calls this.
    """
    removed: list[str] = []
    runc_root = state_dir / "runc"
    listing = subprocess.run(
        [runc, "--root", str(runc_root), "list", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    if listing.returncode == 0 and listing.stdout.strip() not in ("", "null"):
        for entry in json.loads(listing.stdout):
            container_id = str(entry.get("id", ""))
            if _owner_is_gone(container_id):
                subprocess.run(
                    [runc, "--root", str(runc_root), "delete", "--force", container_id],
                    capture_output=True,
                    check=False,
                )
                removed.append(container_id)
    bundles = state_dir / "bundles"
    if bundles.is_dir():
        for bundle in bundles.iterdir():
            if _owner_is_gone(bundle.name):
                shutil.rmtree(bundle, ignore_errors=True)  # another process may be removing it too
                if bundle.name not in removed:
                    removed.append(bundle.name)
    return removed


def _owner_is_gone(container_id: str) -> bool:
    """Whether ``container_id`` is ours and the process that made it has exited."""
    if not container_id.startswith(CONTAINER_PREFIX):
        return False
    owner = container_id.removeprefix(CONTAINER_PREFIX).partition("-")[0]
    return owner.isdigit() and int(owner) != os.getpid() and not Path(f"/proc/{owner}").exists()


class _OutputWatch:
    """Forwards the output and notices runc's in-container exec failure.

    runc resolves the command before starting, but the ``execve`` itself happens in the container's
    init process; when that fails (a missing ELF interpreter, a wrong architecture) the init writes
    ``exec /app: no such file or directory`` on the process's stderr and exits 1.  No program ran,
    so that line, naming the command, is all the output there is: that is how it is recognised.
    """

    _EXEC_FAILURE = re.compile(rb"exec ([^\n]+?): [^\n]+\n")
    _KEEP = 4096

    def __init__(self, stdout: OutputSink, stderr: OutputSink) -> None:
        self._stdout, self._stderr = stdout, stderr
        self._stdout_seen = False
        self._stderr_head = b""
        self._stderr_size = 0

    def stdout(self, chunk: bytes) -> None:
        self._stdout_seen = True
        self._stdout(chunk)

    def stderr(self, chunk: bytes) -> None:
        self._stderr_size += len(chunk)
        if len(self._stderr_head) < self._KEEP:
            self._stderr_head += chunk[: self._KEEP]
        self._stderr(chunk)

    def exec_failure(self, code: int, command: str) -> str | None:
        """runc's message when the process exited ``code`` without running ``command``."""
        if code != 1 or self._stdout_seen or self._stderr_size > self._KEEP:
            return None
        match = self._EXEC_FAILURE.fullmatch(self._stderr_head)
        if match is None:
            return None
        executed = match.group(1).decode("utf-8", "replace")
        # runc names the file it tried: the command itself, or where PATH led.
        if executed != command and not executed.endswith("/" + command):
            return None
        return self._stderr_head.decode("utf-8", "replace").strip()


def _pump(
    child: subprocess.Popen[bytes], stdout: OutputSink, stderr: OutputSink, deadline: float | None
) -> bool:
    """Forward the child's output until both pipes close; True when ``deadline`` passed first."""
    assert child.stdout is not None and child.stderr is not None
    sinks = {child.stdout.fileno(): stdout, child.stderr.fileno(): stderr}
    with selectors.DefaultSelector() as selector:
        for fd in sinks:
            selector.register(fd, selectors.EVENT_READ)
        while selector.get_map():
            timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
            if timeout == 0.0:
                return True
            for key, _ in selector.select(timeout):
                chunk = os.read(key.fd, 65536)
                if chunk:
                    sinks[key.fd](chunk)
                else:
                    selector.unregister(key.fd)
    return False


def _runc_error(log: Path) -> str | None:
    """runc's own error message, from its JSON log, when it failed before or while starting."""
    try:
        lines = log.read_text().splitlines()
    except FileNotFoundError:
        return None
    for line in reversed(lines):
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue
        if entry.get("level") in ("error", "fatal"):
            return str(entry.get("msg", "")).strip()
    return None


def _process_env(env: Sequence[str]) -> list[str]:
    """``env`` with the default PATH when it sets none (runc itself sets HOME from passwd)."""
    names = {item.partition("=")[0] for item in env}
    result = list(env)
    if "PATH" not in names:
        result.append(f"PATH={DEFAULT_PATH}")
    return result


def _nofile_limit() -> int:
    """Our own hard limit on open files: the container may not raise it (no CAP_SYS_RESOURCE), and
    a soft limit of 1024 starves builds that open many files, so soft is raised to hard."""
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    return 1 << 20 if hard == resource.RLIM_INFINITY else hard


def _standard_mounts() -> list[dict[str, Any]]:
    return [
        {"destination": "/proc", "type": "proc", "source": "proc", "options": ["nosuid", "noexec", "nodev"]},
        {
            "destination": "/dev",
            "type": "tmpfs",
            "source": "tmpfs",
            "options": ["nosuid", "strictatime", "mode=755", "size=65536k"],
        },
        {
            "destination": "/dev/pts",
            "type": "devpts",
            "source": "devpts",
            "options": ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"],
        },
        {
            "destination": "/dev/shm",
            "type": "tmpfs",
            "source": "shm",
            "options": ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"],
        },
        {
            "destination": "/dev/mqueue",
            "type": "mqueue",
            "source": "mqueue",
            "options": ["nosuid", "noexec", "nodev"],
        },
        {
            "destination": "/sys",
            "type": "sysfs",
            "source": "sysfs",
            "options": ["nosuid", "noexec", "nodev", "ro"],
        },
        {
            "destination": "/sys/fs/cgroup",
            "type": "cgroup",
            "source": "cgroup",
            "options": ["nosuid", "noexec", "nodev", "relatime", "ro"],
        },
    ]


def _hosts_file(hostname: str, network: str) -> str:
    text = f"127.0.0.1\tlocalhost {hostname}\n::1\tlocalhost ip6-localhost ip6-loopback\n"
    if network == "host":
        with suppress(OSError):
            text += Path("/etc/hosts").read_text()
    return text


def _resolv_conf(network: str) -> str:
    """The host's resolv.conf; without host networking, loopback resolvers are unreachable, so dropped."""
    try:
        lines = Path("/etc/resolv.conf").read_text().splitlines()
    except OSError:
        lines = []
    if network != "host":
        lines = [line for line in lines if not _is_loopback_nameserver(line)]
    return "\n".join(lines) + "\n" if lines else ""


def _is_loopback_nameserver(line: str) -> bool:
    fields = line.split()
    return (
        len(fields) >= 2
        and fields[0] == "nameserver"
        and (fields[1].startswith("127.") or fields[1] == "::1")
    )


def _ensure_workdir(rootfs: Path, cwd: str) -> None:
    """Create the working directory (root-owned, 0755) when the image lacks it, as BuildKit does."""
    target = scoped_join(rootfs, cwd or "/")
    if not target.is_dir():
        target.mkdir(mode=0o755, parents=True, exist_ok=True)


def _create_mount_stubs(rootfs: Path, destinations: Sequence[str], stubs: list[_MountStub]) -> None:
    """Create the missing mount points of ``destinations``, recording in ``stubs`` what to remove.

    Nested destinations (``/dev/pts`` under the ``/dev`` tmpfs) live on the mounted file system,
    not in the root filesystem, so only the first level of each tree is looked at.
    """
    tops = [
        d for d in destinations if not any(d != o and d.startswith(o.rstrip("/") + "/") for o in destinations)
    ]
    for destination in tops:
        host = scoped_join(rootfs, destination)
        missing: list[Path] = []
        probe = host
        while probe != rootfs and not os.path.lexists(probe):
            missing.append(probe)
            probe = probe.parent
        for index, path in enumerate(reversed(missing)):
            parent_st = os.stat(path.parent)
            is_last = index == len(missing) - 1
            if is_last and destination.startswith("/etc/"):
                path.touch(mode=0o644)
            else:
                path.mkdir(mode=0o755)
            stub = _MountStub(path, (parent_st.st_atime_ns, parent_st.st_mtime_ns))
            stubs.append(stub)
            stub.parent_mtime_after = os.stat(path.parent).st_mtime_ns


def _remove_mount_stubs(stubs: list[_MountStub]) -> None:
    """Remove the stubs, innermost first, and give each parent back its mtime if nothing else changed it."""
    for stub in reversed(stubs):
        try:
            st = os.lstat(stub.path)
        except FileNotFoundError:
            continue
        if stat.S_ISDIR(st.st_mode) and any(os.scandir(stub.path)):
            continue  # the process put something there: it is part of the step now
        if not stat.S_ISDIR(st.st_mode) and st.st_size != 0:
            continue
        parent_untouched = os.stat(stub.path.parent).st_mtime_ns == stub.parent_mtime_after
        if stat.S_ISDIR(st.st_mode):
            os.rmdir(stub.path)
        else:
            os.unlink(stub.path)
        if parent_untouched:
            os.utime(stub.path.parent, ns=stub.parent_times)
