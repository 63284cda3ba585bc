"""Cold and cached builds of one multi-stage Dockerfile: stagebuild next to its peers.

Peers, measured in the same run on the same machine and the same busybox base image:

- ``buildah bud --isolation chroot --layers`` (Debian's buildah; ``--layers`` so it caches steps),
  on its own storage under the benchmark's temporary directory;
- ``docker build`` (BuildKit) when a Docker engine answers ``docker info``.

Cold: an empty cache with only the base image present. Cached: the same build again. Each is
repeated ``REPEAT`` times and the median is kept. stagebuild runs as installed, its modules'
bytecode compiled first (as pip does on install), whatever PYTHONDONTWRITEBYTECODE says. The
stagebuild section of ``bench/results.md`` is replaced with the table; other sections are left
alone.

Run with ``make bench`` or ``.venv/bin/python -m bench.bench_stagebuild``.
"""

from __future__ import annotations

import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import stagebuild

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results.md"
SECTION = "## stagebuild"
REPEAT = 3
BASE = "localhost/busybox:bench"

DOCKERFILE = f"""\
FROM {BASE} AS builder
WORKDIR /src
RUN mkdir -p /opt/toolchain && dd if=/dev/zero of=/opt/toolchain/blob bs=1M count=32 2>/dev/null
COPY src/ ./
RUN for i in $(seq 1 400); do echo "unit $i" > /src/obj-$i.o; done && cat /src/*.c > /src/app

FROM {BASE} AS assets
RUN mkdir /assets && for i in $(seq 1 200); do echo "asset $i" > /assets/a$i; done

FROM {BASE}
COPY --from=builder /src/app /usr/local/bin/app
COPY --from=assets /assets /usr/share/app
CMD ["cat", "/usr/local/bin/app"]
"""

Build = Callable[[], None]


def _write_base_rootfs(path: Path) -> None:
    with tarfile.open(path, "w") as tar:
        for name in ("bin", "tmp", "usr", "usr/local", "usr/local/bin", "etc"):
            info = tarfile.TarInfo(name)
            info.type, info.mode = tarfile.DIRTYPE, 0o1777 if name == "tmp" else 0o755
            tar.addfile(info)
        tar.add("/bin/busybox", "bin/busybox")
        applets = subprocess.run(["/bin/busybox", "--list"], capture_output=True, text=True, check=True)
        for applet in sorted(set(applets.stdout.split()) - {"busybox"}):
            info = tarfile.TarInfo(f"bin/{applet}")
            info.type, info.linkname = tarfile.SYMTYPE, "busybox"
            tar.addfile(info)


def _write_context(ctx: Path) -> None:
    (ctx / "src").mkdir(parents=True)
    (ctx / "Dockerfile").write_text(DOCKERFILE)
    for i in range(50):
        (ctx / "src" / f"unit{i}.c").write_text(f"int unit{i}(void) {{ return {i}; }}\n" * 20)


def _run(cmd: list[str], env: dict[str, str] | None = None) -> None:
    result = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")


def _timed(build: Build) -> float:
    start = time.perf_counter()
    build()
    return time.perf_counter() - start


class StagebuildPeer:
    name = "stagebuild"

    def __init__(self, work: Path, rootfs: Path, ctx: Path) -> None:
        self.work, self.rootfs, self.ctx = work, rootfs, ctx
        self.cli = [sys.executable, "-m", "stagebuild"]
        # Measured as installed: pip compiles a package's modules when it installs it. A source
        # tree run with PYTHONDONTWRITEBYTECODE=1 would compile every module again on every build.
        compileall.compile_dir(Path(stagebuild.__file__).parent, quiet=1)

    def fresh(self) -> Build:
        root = Path(tempfile.mkdtemp(dir=self.work, prefix="stagebuild-"))
        env = {**os.environ, "STAGEBUILD_ROOT": str(root)}
        _run([*self.cli, "import", str(self.rootfs), BASE], env)
        return lambda: _run([*self.cli, "build", "--progress", "quiet", "-t", "bench:1", str(self.ctx)], env)


class BuildahPeer:
    name = "buildah bud --isolation chroot"

    def __init__(self, work: Path, rootfs: Path, ctx: Path) -> None:
        self.work, self.rootfs, self.ctx = work, rootfs, ctx

    def fresh(self) -> Build:
        storage = Path(tempfile.mkdtemp(dir=self.work, prefix="buildah-"))
        buildah = [
            "buildah",
            "--root",
            str(storage / "root"),
            "--runroot",
            str(storage / "run"),
            "--storage-driver",
            "overlay",
        ]
        container = subprocess.run([*buildah, "from", "scratch"], capture_output=True, text=True, check=True)
        name = container.stdout.strip()
        _run([*buildah, "add", name, str(self.rootfs), "/"])
        _run([*buildah, "commit", "-q", "--rm", name, BASE])
        bud = [*buildah, "bud", "--isolation", "chroot", "--layers", "--pull=never", "-q", "-t", "bench:1"]
        return lambda: _run([*bud, str(self.ctx)])


class DockerPeer:
    name = "docker build (BuildKit)"

    def __init__(self, work: Path, rootfs: Path, ctx: Path) -> None:
        self.rootfs, self.ctx = rootfs, ctx

    @staticmethod
    def available() -> bool:
        if shutil.which("docker") is None:
            return False
        return subprocess.run(["docker", "info"], capture_output=True).returncode == 0

    @staticmethod
    def server_version() -> str:
        version = ["docker", "version", "--format", "{{.Server.Version}}"]
        return subprocess.run(version, capture_output=True, text=True).stdout.strip() or "(version unknown)"

    def fresh(self) -> Build:
        subprocess.run(["docker", "builder", "prune", "-af"], capture_output=True)
        _run(["docker", "import", str(self.rootfs), BASE])
        env = {**os.environ, "DOCKER_BUILDKIT": "1"}
        return lambda: _run(["docker", "build", "-q", "-t", "bench:1", str(self.ctx)], env)


def measure(peer: StagebuildPeer | BuildahPeer | DockerPeer) -> tuple[float, float]:
    """Median cold and cached build times over ``REPEAT`` fresh stores."""
    cold, cached = [], []
    for _ in range(REPEAT):
        build = peer.fresh()
        cold.append(_timed(build))
        cached.append(_timed(build))
    return statistics.median(cold), statistics.median(cached)


def _update_results(table: str) -> None:
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    start = text.find(SECTION + "\n")
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + table
    else:
        end = text.find("\n## ", start + len(SECTION))
        rest = text[end + 1 :] if end >= 0 else ""
        text = text[:start] + table.rstrip("\n") + "\n" + ("\n" + rest if rest else "")
    tmp = RESULTS.with_suffix(".tmp")
    tmp.write_text(text)
    tmp.replace(RESULTS)


def main() -> None:
    if os.geteuid() != 0 or shutil.which("runc") is None:
        print("bench_stagebuild: skipped (needs root and runc)")
        return
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-stagebuild-") as tmp:
        work = Path(tmp)
        rootfs = work / "busybox.tar"
        ctx = work / "ctx"
        _write_base_rootfs(rootfs)
        _write_context(ctx)
        peers: list[StagebuildPeer | BuildahPeer | DockerPeer] = [StagebuildPeer(work, rootfs, ctx)]
        if shutil.which("buildah"):
            peers.append(BuildahPeer(work, rootfs, ctx))
        if DockerPeer.available():
            peers.append(DockerPeer(work, rootfs, ctx))
        results = {peer.name: measure(peer) for peer in peers}
        subprocess.run(["umount", "-R", str(work)], capture_output=True)  # buildah may leave mounts

    ours_cold, ours_cached = results[StagebuildPeer.name]
    rows = [
        "| builder | cold build | cached rebuild | stagebuild ÷ it, cold | stagebuild ÷ it, cached |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, (cold, cached) in results.items():
        ratios = f"{ours_cold / cold:.2f}× | {ours_cached / cached:.2f}×"
        rows.append(f"| {name} | {cold:.2f} s | {cached:.2f} s | {ratios} |")
    missing = (
        f"\n`docker build`: Docker engine {DockerPeer.server_version()} with DOCKER_BUILDKIT=1.\n"
        if DockerPeer.name in results
        else "\nNo Docker engine was reachable, so `docker build` was not measured.\n"
    )
    table = (
        f"{SECTION}\n\n"
        f"Multi-stage Dockerfile (three stages, 32 MB builder blob, 600 small files), busybox base; "
        "stagebuild's bytecode compiled, as installed; "
        f"median of {REPEAT} fresh stores; {os.cpu_count()} CPUs, load average {load:.1f} at the start; "
        f"{time.strftime('%Y-%m-%d')}.\n"
        "Ratios below 1 mean stagebuild is faster.\n\n" + "\n".join(rows) + "\n" + missing
    )
    _update_results(table)
    print(table)


if __name__ == "__main__":
    main()
