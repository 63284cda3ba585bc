"""COPY/ADD file operations with Docker's semantics, case by case, and the source digests."""

from __future__ import annotations

import functools
import http.server
import io
import os
import socket
import stat
import tarfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from stagebuild.dockerfile.dockerignore import ContextFilter
from stagebuild.worker import fileop
from stagebuild.worker.fileop import (
    CopyRequest,
    DigestCache,
    FileOpError,
    copy_files,
    digest_sources,
    match_pattern,
)

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="changing owners needs root")
OLD_NS = 1_500_000_000_000_000_000


class _Ignore:
    """``.dockerignore`` patterns as the file operation's ``PathFilter``."""

    def __init__(self, context: Path, patterns: list[str]) -> None:
        self.filter = ContextFilter(context, patterns=patterns)
        self.has_exceptions = any(p.startswith("!") for p in patterns)

    def excluded(self, relpath: str) -> bool:
        return self.filter.excluded(relpath)


@pytest.fixture
def context(tmp_path: Path) -> Path:
    ctx = tmp_path / "ctx"
    files = {
        "a.txt": "a\n",
        "b.txt": "b\n",
        "notes.md": "notes\n",
        "dir/x": "x\n",
        "dir/sub/y": "y\n",
        "dir/sub2/y": "y2\n",
    }
    for name, text in files.items():
        path = ctx / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (ctx / "dir/link").symlink_to("x")
    (ctx / "to-dir").symlink_to("dir")
    os.link(ctx / "dir/x", ctx / "dir/x-hard")
    os.utime(ctx / "a.txt", ns=(OLD_NS, OLD_NS))
    return ctx


@pytest.fixture
def dest(tmp_path: Path) -> Path:
    root = tmp_path / "rootfs"
    (root / "etc").mkdir(parents=True)
    (root / "etc/passwd").write_text("root:x:0:0:root:/root:/bin/sh\napp:x:1000:1001:app:/home/app:/bin/sh\n")
    (root / "etc/group").write_text("root:x:0:\napp:x:1001:\nstaff:x:50:app\n")
    (root / "existing").mkdir()
    return root


def _copy(context: Path, dest: Path, *sources: str, to: str, **options: Any) -> None:
    copy_files(context, dest, CopyRequest(sources=sources, dest=to, **options))


def _tree(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


def test_file_into_directory_named_with_trailing_slash(context: Path, dest: Path) -> None:
    _copy(context, dest, "a.txt", to="/new/deep/")
    assert (dest / "new/deep/a.txt").read_text() == "a\n"
    for created in ("new", "new/deep"):
        st = os.stat(dest / created)
        assert (stat.S_IMODE(st.st_mode), st.st_uid) == (0o755, 0)


def test_file_to_a_new_name_or_into_an_existing_directory(context: Path, dest: Path) -> None:
    _copy(context, dest, "a.txt", to="/renamed")
    _copy(context, dest, "b.txt", to="/existing")
    assert (dest / "renamed").read_text() == "a\n"
    assert (dest / "existing/b.txt").read_text() == "b\n"


def test_directory_source_copies_its_contents(context: Path, dest: Path) -> None:
    _copy(context, dest, "dir", to="/out")
    assert _tree(dest / "out") == ["link", "sub", "sub/y", "sub2", "sub2/y", "x", "x-hard"]
    _copy(context, dest, "dir/sub", to="/out")
    assert (dest / "out/y").read_text() == "y\n", "a second directory merges into the first"


def test_destination_is_relative_to_workdir(context: Path, dest: Path) -> None:
    _copy(context, dest, "a.txt", to=".", workdir="/app")
    _copy(context, dest, "b.txt", to="sub/", workdir="/app")
    assert _tree(dest / "app") == ["a.txt", "sub", "sub/b.txt"]


def test_several_sources_need_a_directory_destination(context: Path, dest: Path) -> None:
    with pytest.raises(FileOpError, match="must be a directory and end with a /"):
        _copy(context, dest, "a.txt", "b.txt", to="/target")
    _copy(context, dest, "a.txt", "b.txt", to="/target/")
    _copy(context, dest, "*.txt", to="/existing")
    assert _tree(dest / "target") == ["a.txt", "b.txt"]
    assert _tree(dest / "existing") == ["a.txt", "b.txt"]


def test_wildcards_match_like_go_filepath_match(context: Path, dest: Path) -> None:
    _copy(context, dest, "*.txt", to="/w/")
    _copy(context, dest, "dir/*/y", to="/deep/")
    _copy(context, dest, "nothing-*", to="/none/")
    _copy(context, dest, "[ab].t?t", to="/class/")
    assert _tree(dest / "w") == ["a.txt", "b.txt"]
    assert (dest / "deep/y").read_text() == "y2\n", "both matches land on the same name; the last wins"
    assert _tree(dest / "none") == []
    assert _tree(dest / "class") == ["a.txt", "b.txt"]
    assert match_pattern("*.go", "main.go") and not match_pattern("*.go", "cmd/main.go")
    assert match_pattern("[^a]?", "bc") and not match_pattern("[^a]?", "ac")
    assert match_pattern("\\*", "*") and not match_pattern("\\*", "x")
    with pytest.raises(FileOpError, match="syntax error"):
        _copy(context, dest, "[a", to="/bad/")


def test_missing_source_is_an_error_naming_it(context: Path, dest: Path) -> None:
    with pytest.raises(FileOpError, match=r'COPY failed: "missing\.txt": not found in the build context'):
        _copy(context, dest, "missing.txt", to="/")


def test_links_times_and_followed_source_symlinks(context: Path, dest: Path) -> None:
    _copy(context, dest, "dir", to="/out")
    assert os.readlink(dest / "out/link") == "x"
    assert os.stat(dest / "out/x").st_ino == os.stat(dest / "out/x-hard").st_ino
    _copy(context, dest, "a.txt", to="/t/")
    assert os.stat(dest / "t/a.txt").st_mtime_ns == OLD_NS
    _copy(context, dest, "to-dir", to="/via-link")
    assert (dest / "via-link/x").read_text() == "x\n", "a source that is a symlink is followed"
    _copy(context, dest, "dir/link", to="/single/")
    assert not (dest / "single/link").is_symlink() and (dest / "single/link").read_text() == "x\n"


def test_destination_symlinks_resolve_inside_the_root(context: Path, dest: Path) -> None:
    (dest / "escape").symlink_to("/elsewhere")
    _copy(context, dest, "a.txt", to="/escape/")
    assert (dest / "elsewhere/a.txt").read_text() == "a\n"
    assert not Path("/elsewhere").exists()


def test_copy_over_directory_with_file_is_an_error(context: Path, dest: Path) -> None:
    (dest / "blocker/a.txt").mkdir(parents=True)
    with pytest.raises(FileOpError, match=r"cannot replace directory /blocker/a\.txt"):
        _copy(context, dest, "a.txt", to="/blocker/")


@needs_root
def test_chown_by_name_id_and_group(context: Path, dest: Path) -> None:
    _copy(context, dest, "a.txt", to="/by-name/", chown="app")
    _copy(context, dest, "a.txt", to="/by-id/", chown="1234")
    _copy(context, dest, "dir", to="/by-both", chown="app:staff")
    owner = lambda rel: (os.lstat(dest / rel).st_uid, os.lstat(dest / rel).st_gid)  # noqa: E731
    assert owner("by-name/a.txt") == (1000, 1001)
    assert owner("by-name") == (1000, 1001), "created parents belong to the --chown user"
    assert owner("by-id/a.txt") == (1234, 1234)
    assert owner("by-both/sub/y") == (1000, 50)
    assert owner("by-both/link") == (1000, 50)
    with pytest.raises(FileOpError, match="unable to find user ghost"):
        _copy(context, dest, "a.txt", to="/x/", chown="ghost")


@needs_root
def test_context_files_become_root_owned_other_sources_keep_owners(context: Path, dest: Path) -> None:
    os.chown(context / "a.txt", 4000, 4000)
    copy_files(context, dest, CopyRequest(("a.txt",), "/ctx/"), reset_owner=True)
    copy_files(context, dest, CopyRequest(("a.txt",), "/stage/"))
    assert os.stat(dest / "ctx/a.txt").st_uid == 0
    assert os.stat(dest / "stage/a.txt").st_uid == 4000


def test_chmod_applies_to_files_and_directories(context: Path, dest: Path) -> None:
    _copy(context, dest, "dir", to="/m", chmod="0750")
    assert stat.S_IMODE(os.stat(dest / "m/x").st_mode) == 0o750
    assert stat.S_IMODE(os.stat(dest / "m/sub").st_mode) == 0o750
    with pytest.raises(FileOpError, match="invalid chmod parameter"):
        _copy(context, dest, "a.txt", to="/m/", chmod="u+x")


def test_dockerignore_filter_hides_sources(context: Path, dest: Path) -> None:
    (context / "dir/sub/drop.log").write_text("")
    (context / "dir/keep.log").write_text("")
    ignore = _Ignore(context, ["**/*.log", "!dir/keep.log", "notes.md"])
    request = CopyRequest(("dir", "*.md"), "/f/")
    copy_files(context, dest, request, exclude=ignore)
    assert "sub/drop.log" not in _tree(dest / "f") and "keep.log" in _tree(dest / "f")
    assert not (dest / "f/notes.md").exists()
    with pytest.raises(FileOpError, match="not found"):
        copy_files(context, dest, CopyRequest(("notes.md",), "/g/"), exclude=ignore)


def _make_tar(path: Path, mode: str) -> None:
    with tarfile.open(path, mode) as tar:  # type: ignore[call-overload]
        for name, data in (("pkg/bin/tool", b"tool\n"), ("pkg/README", b"readme\n")):
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime, info.uid = len(data), 0o755, 1_000_000_000, 42
            tar.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("pkg/escape")
        link.type, link.linkname = tarfile.SYMTYPE, "/"
        tar.addfile(link)
        through = tarfile.TarInfo("pkg/escape/etc/evil")
        through.size = 0
        tar.addfile(through, io.BytesIO(b""))


@pytest.mark.parametrize(
    "suffix,mode", [(".tar", "w"), (".tar.gz", "w:gz"), (".tbz", "w:bz2"), (".txz", "w:xz")]
)
def test_add_extracts_local_archives(
    context: Path, dest: Path, tmp_path: Path, suffix: str, mode: str
) -> None:
    _make_tar(context / f"pkg{suffix}", mode)
    _copy(context, dest, f"pkg{suffix}", to="/opt/", add=True)
    assert (dest / "opt/pkg/bin/tool").read_text() == "tool\n"
    st = os.stat(dest / "opt/pkg/bin/tool")
    assert (st.st_mtime, stat.S_IMODE(st.st_mode)) == (1_000_000_000, 0o755)
    assert (dest / "opt/etc/evil").exists(), "an absolute link in the archive resolves inside the destination"
    _copy(context, dest, f"pkg{suffix}", to="/copied/")
    assert (dest / f"copied/pkg{suffix}").is_file(), "COPY never extracts"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def http_root(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    served = tmp_path / "served"
    served.mkdir()
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(served))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", served
    finally:
        server.shutdown()
        server.server_close()


def test_add_downloads_a_url(context: Path, dest: Path, http_root: tuple[str, Path]) -> None:
    base, served = http_root
    _make_tar(served / "archive.tar.gz", "w:gz")
    os.utime(served / "archive.tar.gz", (1_200_000_000, 1_200_000_000))
    _copy(context, dest, f"{base}/archive.tar.gz", to="/dl/", add=True)
    target = dest / "dl/archive.tar.gz"
    assert target.read_bytes() == (served / "archive.tar.gz").read_bytes(), (
        "remote archives are not extracted"
    )
    st = os.stat(target)
    assert (stat.S_IMODE(st.st_mode), st.st_mtime) == (0o600, 1_200_000_000)
    _copy(context, dest, f"{base}/archive.tar.gz", to="/dl/named", add=True)
    assert (dest / "dl/named").is_file()
    with pytest.raises(FileOpError, match=f"ADD {base}/missing: the server answered 404"):
        _copy(context, dest, f"{base}/missing", to="/dl/", add=True)


def test_add_of_an_unreachable_url_names_it(context: Path, dest: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/file.txt"
    with pytest.raises(FileOpError, match=f"ADD {url}: cannot download"):
        _copy(context, dest, url, to="/dl/", add=True)


def test_digest_covers_content_mode_and_links_but_not_mtime(context: Path) -> None:
    first = digest_sources(context, ["dir", "*.txt"])
    assert digest_sources(context, ["dir", "*.txt"]) == first
    os.utime(context / "dir/x", ns=(OLD_NS, OLD_NS))
    assert digest_sources(context, ["dir", "*.txt"]) == first, "mtimes are not part of the digest"
    os.chmod(context / "a.txt", 0o600)
    after_chmod = digest_sources(context, ["dir", "*.txt"])
    assert after_chmod != first
    (context / "dir/sub/y").write_text("changed\n")
    after_edit = digest_sources(context, ["dir", "*.txt"])
    assert after_edit != after_chmod
    (context / "dir/link").unlink()
    (context / "dir/link").symlink_to("sub")
    assert digest_sources(context, ["dir", "*.txt"]) != after_edit
    assert digest_sources(context, ["notes.md"]) != digest_sources(context, ["b.txt"])


def test_digest_ignores_excluded_files(context: Path) -> None:
    ignore = _Ignore(context, ["dir/sub"])
    before = digest_sources(context, ["dir"], exclude=ignore)
    (context / "dir/sub/y").write_text("changed\n")
    assert digest_sources(context, ["dir"], exclude=ignore) == before


def test_digest_cache_reads_unchanged_files_once(
    context: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for path in context.rglob("*"):
        os.utime(path, ns=(OLD_NS, OLD_NS), follow_symlinks=False)
    monkeypatch.setattr(DigestCache, "RACY_SECONDS", -1e12)  # every file counts as settled
    cache_file = tmp_path / "digests.json"
    expected = digest_sources(context, ["."], cache=DigestCache(cache_file))
    hashed: list[Path] = []
    original = fileop._hash_file

    def counting_hash(path: Path) -> str:
        hashed.append(path)
        return original(path)

    monkeypatch.setattr(fileop, "_hash_file", counting_hash)
    assert digest_sources(context, ["."], cache=DigestCache(cache_file)) == expected
    assert hashed == []
    (context / "b.txt").write_text("new\n")
    assert digest_sources(context, ["."], cache=DigestCache(cache_file)) != expected
    assert hashed == [context / "b.txt"]


def test_errors_name_paths_in_the_image_not_on_the_host(context: Path, dest: Path) -> None:
    (dest / "readonly").mkdir()
    (dest / "readonly/a.txt").symlink_to("a.txt")  # a link that loops onto itself
    with pytest.raises(FileOpError) as caught:
        _copy(context, dest, "a.txt", to="/readonly/a.txt")
    assert str(dest) not in str(caught.value)
    assert "a.txt" in str(caught.value)


def test_digest_of_a_url_follows_its_content(context: Path, http_root: tuple[str, Path]) -> None:
    base, served = http_root
    (served / "tool.sh").write_text("echo one\n")
    first = digest_sources(context, [f"{base}/tool.sh"])
    assert digest_sources(context, [f"{base}/tool.sh"]) == first
    (served / "tool.sh").write_text("echo two\n")
    assert digest_sources(context, [f"{base}/tool.sh"]) != first
    with pytest.raises(FileOpError, match="the server answered 404"):
        digest_sources(context, [f"{base}/gone.sh"])
