"""Snapshots: overlayfs and the copy fallback give the same overlay-format diff for every kind of change."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from stagebuild.worker.fsops import (
    OPAQUE_MARKER,
    is_opaque,
    is_whiteout,
    make_whiteout,
    mark_opaque,
    walk_top_down,
    whiteout_target,
)
from stagebuild.worker.snapshot import (
    MAX_OVERLAY_LOWERS,
    CopySnapshotter,
    OverlaySnapshotter,
    Snapshotter,
    choose_snapshotter,
    cleanup_stale_snapshots,
    overlay_unavailable_reason,
)

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="snapshots need root (whiteouts are device nodes)")

FIXED_NS = 1_600_000_000_123_456_789


def _need_overlay(tmp_path: Path) -> None:
    reason = overlay_unavailable_reason(tmp_path)
    if reason is not None:
        pytest.skip(reason)


def _write(path: Path, text: str, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(mode)


def _make_lowers(base: Path) -> list[Path]:
    """Two layers: the second deletes a file of the first and replaces one of its directories."""
    bottom, top = base / "l0", base / "l1"
    _write(bottom / "etc/config", "original\n")
    _write(bottom / "etc/keep", "keep\n")
    _write(bottom / "gone", "deleted by the top layer\n")
    _write(bottom / "data/x", "x\n")
    _write(bottom / "data/sub/y", "y\n")
    _write(bottom / "cache/old", "old\n")
    _write(bottom / "replaced/old", "replaced by the top layer\n")
    _write(bottom / "linked/one", "shared\n")
    os.link(bottom / "linked/one", bottom / "linked/two")
    os.chown(bottom / "etc/keep", 1000, 1000)
    top.mkdir()
    make_whiteout(top / "gone")
    _write(top / "replaced/new", "new\n")
    mark_opaque(top / "replaced")
    return [bottom, top]


def _describe(tree: Path) -> dict[str, tuple[object, ...]]:
    """Everything a layer keeps of a tree, except directory times (those depend on when a test ran)."""
    inodes: dict[int, list[str]] = {}
    entries: dict[str, tuple[object, ...]] = {}
    for rel, st in walk_top_down(tree):
        path = tree / rel
        if path.name == OPAQUE_MARKER:
            continue  # is_opaque() reads it for the directory
        if is_whiteout(st) or whiteout_target(path.name) is not None:
            parent = rel.rpartition("/")[0]
            name = whiteout_target(path.name) or path.name
            entries[f"{parent}/{name}" if parent else name] = ("whiteout",)
        elif stat.S_ISDIR(st.st_mode):
            entries[rel] = ("dir", stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid, is_opaque(path))
        elif stat.S_ISLNK(st.st_mode):
            entries[rel] = ("symlink", os.readlink(path), st.st_uid, st.st_gid, st.st_mtime_ns)
        else:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            entries[rel] = ("file", stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid, st.st_mtime_ns, digest)
            inodes.setdefault(st.st_ino, []).append(rel)
    for group in inodes.values():
        for rel in group:
            entries[rel] = (*entries[rel], tuple(sorted(group)))
    return entries


def _step(rootfs: Path) -> None:
    """One of every change a RUN can make."""
    (rootfs / "new.txt").write_text("new file\n")
    (rootfs / "etc/config").write_text("modified\n")
    (rootfs / "etc/keep").unlink()
    shutil.rmtree(rootfs / "data")
    shutil.rmtree(rootfs / "cache")
    (rootfs / "cache").mkdir()
    (rootfs / "cache/fresh").write_text("fresh\n")
    (rootfs / "link").symlink_to("etc/config")
    (rootfs / "bin").mkdir()
    (rootfs / "bin/tool").write_text("tool\n")
    os.link(rootfs / "bin/tool", rootfs / "bin/tool-alias")
    os.chmod(rootfs / "replaced/new", 0o600)
    for rel in ("new.txt", "etc/config", "link", "cache/fresh", "bin/tool", "replaced/new"):
        os.utime(rootfs / rel, ns=(FIXED_NS, FIXED_NS), follow_symlinks=False)


def _run(snapshotter: Snapshotter, lowers: list[Path], target: Path, step: Callable[[Path], None]) -> Path:
    with snapshotter.mount(lowers, target) as snap:
        step(snap.rootfs)
        return snap.commit()


def test_both_snapshotters_give_the_same_merged_view(tmp_path: Path) -> None:
    _need_overlay(tmp_path)
    lowers = _make_lowers(tmp_path)
    views = []
    for snapshotter in (OverlaySnapshotter(), CopySnapshotter()):
        with snapshotter.mount(lowers, tmp_path / snapshotter.name) as snap:
            views.append(_describe(snap.rootfs))
    overlay_view, copy_view = views
    assert overlay_view == copy_view
    assert "gone" not in copy_view and "replaced/old" not in copy_view
    assert copy_view["linked/one"][-1] == ("linked/one", "linked/two")


@pytest.fixture(params=["overlayfs", "copy"])
def snapshotter(request: pytest.FixtureRequest, tmp_path: Path) -> Snapshotter:
    if request.param == "overlayfs":
        _need_overlay(tmp_path)
        return OverlaySnapshotter()
    return CopySnapshotter()


def test_diff_records_every_kind_of_change(snapshotter: Snapshotter, tmp_path: Path) -> None:
    diff = _describe(_run(snapshotter, _make_lowers(tmp_path), tmp_path / "snap", _step))
    assert diff["new.txt"][0] == "file" and diff["new.txt"][4] == FIXED_NS
    assert diff["etc/config"][-2] == hashlib.sha256(b"modified\n").hexdigest()
    assert diff["etc/keep"] == ("whiteout",)
    assert diff["data"] == ("whiteout",)
    assert "data/x" not in diff
    assert diff["cache"][-1] is True, "a directory deleted and recreated is opaque"
    assert "cache/fresh" in diff
    assert diff["link"][:2] == ("symlink", "etc/config")
    assert diff["bin/tool"][-1] == ("bin/tool", "bin/tool-alias")
    assert diff["replaced/new"][1] == 0o600
    assert "linked/one" not in diff, "an unchanged file is not in the diff"
    assert diff["etc"][0] == "dir" and diff["etc"][-1] is False


def test_both_snapshotters_give_the_same_diff(tmp_path: Path) -> None:
    _need_overlay(tmp_path)
    lowers = _make_lowers(tmp_path)
    overlay = _describe(_run(OverlaySnapshotter(), lowers, tmp_path / "overlay", _step))
    copy = _describe(_run(CopySnapshotter(), lowers, tmp_path / "copy", _step))
    assert overlay == copy


def test_untouched_snapshot_has_an_empty_diff(snapshotter: Snapshotter, tmp_path: Path) -> None:
    def touch_and_undo(rootfs: Path) -> None:
        etc = rootfs / "etc"
        before = os.stat(etc)
        (etc / "stub").write_text("")
        (etc / "stub").unlink()
        os.utime(etc, ns=(before.st_atime_ns, before.st_mtime_ns))

    upper = _run(snapshotter, _make_lowers(tmp_path), tmp_path / "snap", touch_and_undo)
    assert list(upper.iterdir()) == []


def test_committed_upper_stacks_as_a_lower(snapshotter: Snapshotter, tmp_path: Path) -> None:
    lowers = _make_lowers(tmp_path)
    upper = _run(snapshotter, lowers, tmp_path / "one", _step)
    with snapshotter.mount([*lowers, upper], tmp_path / "two") as snap:
        assert not (snap.rootfs / "data").exists()
        assert sorted(os.listdir(snap.rootfs / "cache")) == ["fresh"]
        assert (snap.rootfs / "etc/config").read_text() == "modified\n"
    assert not (tmp_path / "two").exists(), "an uncommitted snapshot is discarded"


def test_overlay_mounts_more_lowers_than_fit_in_one_page(tmp_path: Path) -> None:
    _need_overlay(tmp_path)
    lowers = []
    for index in range(120):
        layer = tmp_path / "layers" / ("a-rather-long-directory-name-for-a-layer-" + "x" * 40) / str(index)
        _write(layer / f"file{index}", str(index))
        lowers.append(layer)
    with OverlaySnapshotter().mount(lowers, tmp_path / "snap") as snap:
        assert len(os.listdir(snap.rootfs)) == 120
        assert (snap.rootfs / "file0").read_text() == "0"


def test_failed_step_discards_the_snapshot(snapshotter: Snapshotter, tmp_path: Path) -> None:
    target = tmp_path / "snap"
    with pytest.raises(RuntimeError), snapshotter.mount([], target) as snap:
        (snap.rootfs / "file").write_text("x")
        raise RuntimeError("step failed")
    assert not target.exists()


def test_stale_snapshot_of_a_dead_process_is_cleaned_up(tmp_path: Path) -> None:
    _need_overlay(tmp_path)
    parent = tmp_path / "snapshots"
    snap = OverlaySnapshotter().mount([], parent / "stale")
    (parent / "stale" / ".owner").write_text("999999999 0")
    committed = _run(OverlaySnapshotter(), [], parent / "committed", lambda root: None)
    assert cleanup_stale_snapshots(parent) == [parent / "stale"]
    assert not os.path.ismount(snap.rootfs)
    assert committed.is_dir()


def test_choose_snapshotter_probes_and_can_be_forced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = "overlayfs" if overlay_unavailable_reason(tmp_path) is None else "copy"
    assert choose_snapshotter(tmp_path).name == expected
    monkeypatch.setenv("STAGEBUILD_SNAPSHOTTER", "copy")
    assert choose_snapshotter(tmp_path).description == "copy (STAGEBUILD_SNAPSHOTTER=copy)"


def test_overlay_beyond_its_layer_limit_merges_the_bottom_lowers(tmp_path: Path) -> None:
    _need_overlay(tmp_path)
    bottom, second = tmp_path / "layers/0", tmp_path / "layers/1"
    _write(bottom / "f", "bottom")
    _write(bottom / "gone", "deleted by the second layer")
    _write(second / "f", "second")
    make_whiteout(second / "gone")
    lowers = [bottom, second]
    for index in range(2, MAX_OVERLAY_LOWERS + 2):
        layer = tmp_path / "layers" / str(index)
        _write(layer / f"n{index}", "")
        lowers.append(layer)
    with OverlaySnapshotter().mount(lowers, tmp_path / "snap") as snap:
        assert (snap.rootfs / "f").read_text() == "second"
        assert not (snap.rootfs / "gone").exists()
        assert len(os.listdir(snap.rootfs)) == MAX_OVERLAY_LOWERS + 1


def test_store_on_overlayfs_falls_back_to_copying(tmp_path: Path) -> None:
    _need_overlay(tmp_path)
    lowers = _make_lowers(tmp_path)
    expected = _describe(_run(CopySnapshotter(), lowers, tmp_path / "plain", _step))
    with OverlaySnapshotter().mount([], tmp_path / "outer") as outer:
        root = outer.rootfs / "store"
        chosen = choose_snapshotter(root)
        assert chosen.name == "copy"
        assert "is itself on overlayfs" in chosen.description
        upper = _run(chosen, lowers, root / "snap", _step)
        assert (upper / ".wh.data").is_file(), "overlayfs refuses whiteout devices: the OCI spelling is used"
        assert is_opaque(upper / "cache"), "as an escaped xattr (Linux 6.7+) or the .wh..wh..opq file"
        assert _describe(upper) == expected
        with chosen.mount([*lowers, upper], root / "next") as snap:
            assert not (snap.rootfs / "data").exists()
            assert sorted(os.listdir(snap.rootfs / "cache")) == ["fresh"]


def test_a_layer_stacked_twice_counts_at_its_upper_place(snapshotter: Snapshotter, tmp_path: Path) -> None:
    layer, middle = tmp_path / "layer", tmp_path / "middle"
    _write(layer / "f", "from the repeated layer")
    _write(middle / "f", "from the middle layer")
    _write(middle / "g", "only in the middle")
    with snapshotter.mount([layer, middle, layer], tmp_path / "snap") as snap:
        assert (snap.rootfs / "f").read_text() == "from the repeated layer"
        assert (snap.rootfs / "g").exists()
