"""``.dockerignore`` pattern rules and the context walk the solver uses."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from stagebuild.dockerfile.dockerignore import ContextFilter, go_clean, read_patterns
from stagebuild.dockerfile.errors import DockerfileError


def _tree(root: Path, *paths: str) -> None:
    for rel in paths:
        target = root / rel
        if rel.endswith("/"):
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(rel)


def test_read_patterns_cleans_and_drops_comments() -> None:
    text = "\ufeff# comment\n  /build/  \n\n!./build/keep\nsrc/../docs\n# another\n *.log\n"
    assert read_patterns(text) == ["build", "!build/keep", "docs", "*.log"]


@pytest.mark.parametrize(
    ("path", "cleaned"),
    [("", "."), ("a//b/", "a/b"), ("./a/./b", "a/b"), ("a/../../b", "../b"), ("/../a", "/a"), ("/", "/")],
)
def test_go_clean(path: str, cleaned: str) -> None:
    assert go_clean(path) == cleaned


@pytest.mark.parametrize(
    ("patterns", "path", "included"),
    [
        (["*.log"], "a.log", False),
        (["*.log"], "sub/a.log", True),  # "*" never crosses "/"
        (["**/*.log"], "sub/deep/a.log", False),
        (["**/*.log"], "a.log", False),  # "**/" also matches no directory at all
        (["a/**/b"], "a/b", False),
        (["a/**/b"], "a/x/y/b", False),
        (["a/**/b"], "a/x/y/c", True),
        (["docs/**"], "docs", True),  # "dir/**" is what is inside, not the directory
        (["docs/**"], "docs/x/y", False),
        (["docs"], "docs/x/y", False),  # a matching parent excludes the whole subtree
        (["?.txt"], "a.txt", False),
        (["?.txt"], "ab.txt", True),
        (["[a-c].txt"], "b.txt", False),
        (["[a-c].txt"], "d.txt", True),
        (["\\*.txt"], "*.txt", False),
        (["\\*.txt"], "a.txt", True),
        (["*.log", "!keep.log"], "keep.log", True),
        (["!keep.log", "*.log"], "keep.log", False),  # later patterns win
        (["cache", "!cache/keep"], "cache/other", False),
        (["cache", "!cache/keep"], "cache/keep/inner/file", True),
        (["**/node_modules", "!a/node_modules"], "b/node_modules/x", False),
        (["**/node_modules", "!a/node_modules"], "a/node_modules/x", True),
    ],
)
def test_pattern_rules(tmp_path: Path, patterns: list[str], path: str, included: bool) -> None:
    assert ContextFilter(tmp_path, patterns=patterns).included(path) is included


def test_walk_lists_included_entries_with_exceptions_inside_excluded_dirs(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        "Dockerfile",
        "app/main.go",
        "app/main_test.go",
        "build/out.bin",
        "build/keep/readme.txt",
        "build/keep/deep/x.txt",
        "logs/a.log",
        "empty/",
    )
    (tmp_path / "link").symlink_to("app/main.go")
    (tmp_path / ".dockerignore").write_text("build\n!build/keep\n**/*_test.go\nlogs/\n")
    walked = ContextFilter(tmp_path).walk()
    assert walked == [
        ".dockerignore",
        "Dockerfile",
        "app",
        "app/main.go",
        "build",
        "build/keep",
        "build/keep/deep",
        "build/keep/deep/x.txt",
        "build/keep/readme.txt",
        "empty",
        "link",
    ]


def test_dockerfile_specific_ignore_file_takes_precedence(tmp_path: Path) -> None:
    _tree(tmp_path, "a.txt", "b.txt", "sub/Dockerfile")
    (tmp_path / ".dockerignore").write_text("a.txt\n")
    (tmp_path / "sub" / "Dockerfile.dockerignore").write_text("b.txt\n")
    walked = ContextFilter(tmp_path, dockerfile=tmp_path / "sub" / "Dockerfile").walk()
    assert "a.txt" in walked and "b.txt" not in walked


def test_bad_pattern_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / ".dockerignore").write_text("# fine\nok\n[unclosed\n")
    with pytest.raises(DockerfileError) as caught:
        ContextFilter(tmp_path)
    assert caught.value.line == 3
    assert str(caught.value).startswith(f"{tmp_path / '.dockerignore'}:3: ")


def test_lone_exclamation_mark_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(DockerfileError, match="illegal exclusion pattern"):
        ContextFilter(tmp_path, patterns=["!"])


def test_excluded_directories_are_not_entered_when_no_exception_can_apply(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, "node_modules/pkg/index.js", "src/keep.txt", "src/drop.txt")
    import stagebuild.dockerfile.dockerignore as module

    entered: list[str] = []
    real_scandir = os.scandir

    def recording_scandir(path: str | os.PathLike[str]) -> Iterator[os.DirEntry[str]]:
        entered.append(Path(path).relative_to(tmp_path).as_posix())
        return real_scandir(path)

    monkeypatch.setattr(module.os, "scandir", recording_scandir)
    walked = ContextFilter(tmp_path, patterns=["node_modules", "src", "!src/keep.txt"]).walk()
    assert walked == ["src", "src/keep.txt"]
    assert sorted(entered) == [".", "src"]
