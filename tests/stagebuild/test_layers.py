"""Layer tars: overlay upper dirs become OCI layers (whiteouts, links, xattrs), and layers come back
as overlay lower dirs or applied onto a directory, refusing entries that would escape the root."""

from __future__ import annotations

import gzip
import hashlib
import io
import multiprocessing
import os
import stat
import subprocess
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest

from stagebuild.image.content import MEDIA_TYPE_OCI_LAYER_GZIP, ContentStore, Descriptor
from stagebuild.image.layers import Layer, LayerError, apply_layer, unpack_layer, write_layer

CAPABILITY = bytes.fromhex("0100000200200000000000000000000000000000")  # cap_net_bind_service+ep
needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="needs root (mknod, trusted.* xattrs)")


def make_upper(upper: Path) -> None:
    """An overlayfs upper dir as a RUN step leaves it: new files, links, and deletions."""
    (upper / "app" / "bin").mkdir(parents=True)
    (upper / "app" / "bin" / "tool").write_bytes(b"#!/bin/sh\necho tool\n")
    os.chmod(upper / "app" / "bin" / "tool", 0o4755)
    os.link(upper / "app" / "bin" / "tool", upper / "app" / "tool-hardlink")
    os.symlink("bin/tool", upper / "app" / "tool-symlink")
    os.setxattr(upper / "app" / "bin" / "tool", "security.capability", CAPABILITY)
    os.mknod(upper / "deleted-file", stat.S_IFCHR | 0o000, os.makedev(0, 0))
    (upper / "etc").mkdir()
    os.mknod(upper / "etc" / "deleted-dir", stat.S_IFCHR | 0o000, os.makedev(0, 0))
    (upper / "replaced").mkdir()
    os.setxattr(upper / "replaced", "trusted.overlay.opaque", b"y")
    (upper / "replaced" / "new.txt").write_text("new\n")
    os.mkfifo(upper / "app" / "fifo")


def tar_members(store: ContentStore, layer: Layer) -> dict[str, tarfile.TarInfo]:
    with tarfile.open(store.path(layer.descriptor.digest), "r:gz") as tar:
        return {m.name: m for m in tar.getmembers()}


def crafted_layer(store: ContentStore, build: Callable[[tarfile.TarFile], None]) -> Layer:
    """A gzip layer from a tar written by ``build(tar)``; the diff_id is honest."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        build(tar)
    data = raw.getvalue()
    blob = gzip.compress(data, mtime=0)
    digest = store.put_bytes(blob)
    diff_id = "sha256:" + hashlib.sha256(data).hexdigest()
    return Layer(Descriptor(MEDIA_TYPE_OCI_LAYER_GZIP, digest, len(blob)), diff_id)


def add(
    tar: tarfile.TarFile, name: str, kind: bytes = tarfile.REGTYPE, data: bytes = b"", link: str = ""
) -> None:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = link
    info.mode = 0o755 if kind == tarfile.DIRTYPE else 0o644
    info.size = len(data) if kind == tarfile.REGTYPE else 0
    tar.addfile(info, io.BytesIO(data) if kind == tarfile.REGTYPE else None)


@needs_root
def test_overlay_whiteouts_become_oci_whiteouts(tmp_path: Path) -> None:
    upper = tmp_path / "upper"
    upper.mkdir()
    make_upper(upper)
    store = ContentStore(tmp_path / "store")
    layer = write_layer(upper, store)
    members = tar_members(store, layer)

    assert layer.descriptor.media_type == MEDIA_TYPE_OCI_LAYER_GZIP
    assert ".wh.deleted-file" in members and members[".wh.deleted-file"].isreg()
    assert "etc/.wh.deleted-dir" in members
    assert "replaced/.wh..wh..opq" in members
    assert "replaced/new.txt" in members
    assert "deleted-file" not in members and not any(m.ischr() for m in members.values())
    assert not any("overlay" in key for m in members.values() for key in m.pax_headers)
    # names sorted within each directory, parents before children
    names = list(members)
    assert names.index("app") < names.index("app/bin") < names.index("app/bin/tool")


@needs_root
def test_links_modes_and_capabilities_are_kept(tmp_path: Path) -> None:
    upper = tmp_path / "upper"
    upper.mkdir()
    make_upper(upper)
    store = ContentStore(tmp_path / "store")
    members = tar_members(store, write_layer(upper, store))

    tool = members["app/bin/tool"]
    assert tool.mode == 0o4755 and tool.size == len(b"#!/bin/sh\necho tool\n")
    assert members["app/tool-hardlink"].islnk()
    assert members["app/tool-hardlink"].linkname == "app/bin/tool"
    assert members["app/tool-symlink"].issym() and members["app/tool-symlink"].linkname == "bin/tool"
    assert members["app/fifo"].isfifo()
    value = tool.pax_headers["SCHILY.xattr.security.capability"]
    assert value.encode("utf-8", "surrogateescape") == CAPABILITY
    assert all(m.uname == "" and m.gname == "" for m in members.values())


def test_gzip_header_has_no_name_and_no_time(tmp_path: Path) -> None:
    (tmp_path / "upper").mkdir()
    (tmp_path / "upper" / "f").write_text("x")
    store = ContentStore(tmp_path / "store")
    blob = store.read_bytes(write_layer(tmp_path / "upper", store).descriptor.digest)
    assert blob[:3] == b"\x1f\x8b\x08"
    flags, mtime = blob[3], int.from_bytes(blob[4:8], "little")
    assert flags & 0x08 == 0 and mtime == 0  # no FNAME, MTIME zero


@needs_root
def test_unpack_gives_overlay_lower_format(tmp_path: Path) -> None:
    upper = tmp_path / "upper"
    upper.mkdir()
    make_upper(upper)
    store = ContentStore(tmp_path / "store")
    layer = write_layer(upper, store)
    fs = unpack_layer(store, layer)

    assert fs == tmp_path / "store" / "snapshots" / layer.diff_id[7:] / "fs"
    for name in ("deleted-file", "etc/deleted-dir"):
        st = os.lstat(fs / name)
        assert stat.S_ISCHR(st.st_mode) and st.st_rdev == 0
    assert os.getxattr(fs / "replaced", "trusted.overlay.opaque") == b"y"
    assert not (fs / "replaced" / ".wh..wh..opq").exists()
    tool = fs / "app" / "bin" / "tool"
    assert os.stat(tool).st_ino == os.stat(fs / "app" / "tool-hardlink").st_ino
    assert os.readlink(fs / "app" / "tool-symlink") == "bin/tool"
    assert stat.S_IMODE(os.stat(tool).st_mode) == 0o4755
    assert os.getxattr(tool, "security.capability") == CAPABILITY
    assert os.stat(tool).st_mtime == int(os.stat(upper / "app" / "bin" / "tool").st_mtime)
    # a second request reuses the extraction
    marker = fs / "marker"
    marker.write_text("kept")
    assert unpack_layer(store, layer) == fs and marker.exists()


@needs_root
def test_unpacked_snapshots_stack_in_a_real_overlay_mount(tmp_path: Path) -> None:
    base = tmp_path / "base"
    (base / "etc" / "deleted-dir").mkdir(parents=True)
    (base / "etc" / "deleted-dir" / "x").write_text("x")
    (base / "deleted-file").write_text("old")
    (base / "replaced").mkdir()
    (base / "replaced" / "old.txt").write_text("old")
    upper = tmp_path / "upper"
    upper.mkdir()
    make_upper(upper)
    store = ContentStore(tmp_path / "store")
    lower = unpack_layer(store, write_layer(upper, store))
    merged = tmp_path / "merged"
    merged.mkdir()
    mount = subprocess.run(
        ["mount", "-t", "overlay", "overlay", "-o", f"lowerdir={lower}:{base}", str(merged)],
        capture_output=True,
        text=True,
    )
    if mount.returncode != 0:
        pytest.skip(f"overlayfs not mountable here: {mount.stderr.strip()}")
    try:
        assert not (merged / "deleted-file").exists()
        assert not (merged / "etc" / "deleted-dir").exists()
        assert sorted(os.listdir(merged / "replaced")) == ["new.txt"]
        assert (merged / "app" / "bin" / "tool").read_text() == "#!/bin/sh\necho tool\n"
    finally:
        subprocess.run(["umount", str(merged)], check=True)


@needs_root
def test_apply_layer_deletes_what_lower_layers_made(tmp_path: Path) -> None:
    root = tmp_path / "rootfs"
    (root / "etc" / "deleted-dir" / "sub").mkdir(parents=True)
    (root / "deleted-file").write_text("old")
    (root / "replaced" / "old-dir").mkdir(parents=True)
    (root / "replaced" / "old.txt").write_text("old")
    (root / "kept.txt").write_text("kept")
    upper = tmp_path / "upper"
    upper.mkdir()
    make_upper(upper)
    store = ContentStore(tmp_path / "store")
    apply_layer(store, write_layer(upper, store), root)

    assert not (root / "deleted-file").exists()
    assert not (root / "etc" / "deleted-dir").exists() and (root / "etc").is_dir()
    assert sorted(os.listdir(root / "replaced")) == ["new.txt"]
    assert (root / "kept.txt").read_text() == "kept"
    assert not any(name.startswith(".wh.") for _d, dirs, files in os.walk(root) for name in dirs + files)


def test_whiteout_never_hides_what_the_same_layer_adds(tmp_path: Path) -> None:
    store = ContentStore(tmp_path / "store")

    def build(tar: tarfile.TarFile) -> None:
        add(tar, "dir", tarfile.DIRTYPE)
        add(tar, "dir/new.txt", data=b"new")
        add(tar, "dir/.wh..wh..opq")
        add(tar, "dir/.wh.new.txt")

    root = tmp_path / "rootfs"
    (root / "dir").mkdir(parents=True)
    (root / "dir" / "old.txt").write_text("old")
    apply_layer(store, crafted_layer(store, build), root)
    assert sorted(os.listdir(root / "dir")) == ["new.txt"]


@pytest.mark.parametrize(
    ("entries", "bad_path", "reason"),
    [
        ([("../evil", tarfile.REGTYPE, "")], "../evil", "escapes the root"),
        ([("/etc/evil", tarfile.REGTYPE, "")], "/etc/evil", "absolute path"),
        ([("link", tarfile.SYMTYPE, "/etc"), ("link/evil", tarfile.REGTYPE, "")], "link/evil", "symlink"),
        (
            [("up", tarfile.SYMTYPE, "../../../../tmp"), ("up/evil", tarfile.REGTYPE, "")],
            "up/evil",
            "escapes the root",
        ),
        ([("hard", tarfile.LNKTYPE, "../../etc/passwd")], "hard", "escapes the root"),
        ([("hard", tarfile.LNKTYPE, "not-in-layer")], "hard", "not in the layer"),
        ([("sda", tarfile.BLKTYPE, "")], "sda", "device node"),
    ],
)
def test_malicious_layers_are_refused(
    tmp_path: Path, entries: list[tuple[str, bytes, str]], bad_path: str, reason: str
) -> None:
    store = ContentStore(tmp_path / "store")

    def build(tar: tarfile.TarFile) -> None:
        for name, kind, link in entries:
            add(tar, name, kind, link=link)

    layer = crafted_layer(store, build)
    with pytest.raises(LayerError) as err:
        unpack_layer(store, layer, image="evil:1")
    message = str(err.value)
    assert "image evil:1" in message and layer.descriptor.digest in message
    assert bad_path in message and reason in message
    assert not (tmp_path / "store" / "snapshots" / layer.diff_id[7:]).exists()
    assert not list((tmp_path / "store" / "snapshots").glob(".staging-*"))
    assert not (tmp_path / "evil").exists() and not (tmp_path / "store" / "evil").exists()


def test_truncated_and_mismatching_layers_are_refused(tmp_path: Path) -> None:
    store = ContentStore(tmp_path / "store")
    good = crafted_layer(store, lambda tar: add(tar, "big", data=os.urandom(50_000)))
    blob = store.read_bytes(good.descriptor.digest)
    cut = blob[: len(blob) // 2]
    truncated = Layer(Descriptor(MEDIA_TYPE_OCI_LAYER_GZIP, store.put_bytes(cut), len(cut)), good.diff_id)
    with pytest.raises(LayerError, match="corrupt or truncated"):
        unpack_layer(store, truncated)
    lying = Layer(good.descriptor, "sha256:" + "0" * 64)
    with pytest.raises(LayerError, match="does not match diff_id"):
        unpack_layer(store, lying)


@needs_root
def test_overlay_redirects_are_refused_when_writing(tmp_path: Path) -> None:
    upper = tmp_path / "upper"
    (upper / "moved").mkdir(parents=True)
    os.setxattr(upper / "moved", "trusted.overlay.redirect", b"/orig")
    with pytest.raises(LayerError, match="redirect_dir=off"):
        write_layer(upper, ContentStore(tmp_path / "store"))


def test_oversized_extended_headers_are_refused(tmp_path: Path) -> None:
    store = ContentStore(tmp_path / "store")

    def build(tar: tarfile.TarFile) -> None:
        info = tarfile.TarInfo("innocent")
        info.pax_headers = {"comment": "A" * (2 << 20)}
        tar.addfile(info)

    with pytest.raises(LayerError, match="oversized extended header"):
        unpack_layer(store, crafted_layer(store, build))


def test_absurdly_deep_trees_are_refused(tmp_path: Path) -> None:
    store = ContentStore(tmp_path / "store")
    deep = "/".join(["d"] * 600) + "/leaf"
    with pytest.raises(LayerError, match="nested deeper than 512 directories"):
        unpack_layer(store, crafted_layer(store, lambda tar: add(tar, deep, data=b"x")))


def _unpack_in_child(store_root: str, layer: Layer, results: multiprocessing.Queue) -> None:
    results.put(str(unpack_layer(ContentStore(store_root), layer)))


def test_concurrent_unpacks_of_one_layer_share_one_snapshot(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    for i in range(200):
        (tree / f"d{i % 10}").mkdir(parents=True, exist_ok=True)
        (tree / f"d{i % 10}" / f"f{i}").write_text(str(i) * 100)
    store = ContentStore(tmp_path / "store")
    layer = write_layer(tree, store)
    ctx = multiprocessing.get_context("fork")
    results: multiprocessing.Queue = ctx.Queue()
    procs = [ctx.Process(target=_unpack_in_child, args=(str(store.root), layer, results)) for _ in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    paths = {results.get(timeout=5) for _ in procs}
    assert paths == {str(tmp_path / "store" / "snapshots" / layer.diff_id[7:] / "fs")}
    assert sorted(os.listdir(tmp_path / "store" / "snapshots")) == [layer.diff_id[7:]]
    assert (Path(paths.pop()) / "d3" / "f13").read_text() == "13" * 100


@needs_root
def test_smuggled_overlay_xattrs_are_dropped_and_dev_nodes_skipped(tmp_path: Path) -> None:
    store = ContentStore(tmp_path / "store")

    def build(tar: tarfile.TarFile) -> None:
        info = tarfile.TarInfo("sneaky")
        info.type, info.mode = tarfile.DIRTYPE, 0o755
        info.pax_headers = {"SCHILY.xattr.trusted.overlay.opaque": "y", "SCHILY.xattr.user.note": "kept"}
        tar.addfile(info)
        add(tar, "dev", tarfile.DIRTYPE)
        null = tarfile.TarInfo("dev/null")
        null.type, null.devmajor, null.devminor = tarfile.CHRTYPE, 1, 3
        tar.addfile(null)

    fs = unpack_layer(store, crafted_layer(store, build))
    assert os.listxattr(fs / "sneaky") == ["user.note"]
    assert os.getxattr(fs / "sneaky", "user.note") == b"kept"
    assert (fs / "dev").is_dir() and os.listdir(fs / "dev") == []


def test_apply_layer_links_to_files_of_lower_layers_and_follows_inner_symlinks(tmp_path: Path) -> None:
    store = ContentStore(tmp_path / "store")
    root = tmp_path / "rootfs"
    (root / "usr" / "lib").mkdir(parents=True)
    (root / "usr" / "lib" / "libc.so").write_text("libc")
    os.symlink("usr/lib", root / "lib")

    def build(tar: tarfile.TarFile) -> None:
        add(tar, "lib/extra.so", data=b"extra")  # written through the relative symlink, inside the root
        add(tar, "libc-copy.so", tarfile.LNKTYPE, link="usr/lib/libc.so")

    apply_layer(store, crafted_layer(store, build), root)
    assert (root / "usr" / "lib" / "extra.so").read_bytes() == b"extra"
    assert os.stat(root / "libc-copy.so").st_ino == os.stat(root / "usr" / "lib" / "libc.so").st_ino
