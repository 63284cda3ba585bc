"""The simulated process's environment, which os.Getenv and os.LookupEnv read.

A simulated program does not see gmpsim's own environment (its output must not depend on the
machine).  It sees the variables that describe the simulated machine and run: GOOS and GOARCH
(linux/amd64, as Go's test driver sets them), and GOMAXPROCS and GODEBUG when the run sets
them (``--gomaxprocs``, ``--godebug``).  Everything else, GOROOT included, is unset: such a
program behaves as one started with a clean environment.
"""

from __future__ import annotations

GOOS, GOARCH = "linux", "amd64"


def simulated(gomaxprocs: int | None = None, godebug: str = "") -> dict[bytes, bytes]:
    env = {b"GOOS": GOOS.encode(), b"GOARCH": GOARCH.encode()}
    if gomaxprocs is not None:
        env[b"GOMAXPROCS"] = str(gomaxprocs).encode()
    if godebug:
        env[b"GODEBUG"] = godebug.encode()
    return env


def getenv(env: dict[bytes, bytes], key: bytes) -> bytes:
    return env.get(key, b"")


def lookup_env(env: dict[bytes, bytes], key: bytes) -> tuple[bytes, bool]:
    return env.get(key, b""), key in env
