"""``stagebuild inspect NAME:TAG [--json] [--all]``: what an image is made of and whether it starts.

Sections: the config summary; each layer's compressed and uncompressed size with the instruction
that made it; the per-stage summary when the image records its stages; the largest files; the ELF
loader check of the entrypoint (of every ELF executable with ``--all``). Rich tables on a
terminal, plain aligned text otherwise, one JSON document with ``--json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from typing import Any

from stagebuild.image.commands import USER_ERRORS, fail, human_size, open_store
from stagebuild.image.content import LayerError
from stagebuild.inspect.imagecheck import check_rootfs, unpacked_rootfs
from stagebuild.inspect.sizes import largest_files, layer_sizes, stage_sizes

LARGEST_FILES = 10
_CONFIG_KEYS = ("Entrypoint", "Cmd", "WorkingDir", "User", "Env", "ExposedPorts", "Volumes", "Labels")


def main(args: argparse.Namespace) -> int:
    try:
        store = open_store(args)
        image = store.resolve(args.reference)
        layers = layer_sizes(store.content, image)
        with unpacked_rootfs(store, image, name=args.reference) as rootfs:
            files = largest_files(rootfs, LARGEST_FILES)
            reports = check_rootfs(rootfs, image, every_executable=args.all)
    except (*USER_ERRORS, LayerError) as exc:
        return fail(exc)
    runtime = image.runtime_config
    document: dict[str, Any] = {
        "reference": args.reference,
        "digest": image.digest,
        "id": image.id,
        "created": image.created,
        "platform": str(image.platform),
        "config": {key: runtime[key] for key in _CONFIG_KEYS if runtime.get(key)},
        "size": {
            "compressed": sum(layer.compressed for layer in layers),
            "uncompressed": sum(layer.uncompressed for layer in layers),
        },
        "layers": [asdict(layer) for layer in layers],
        "stages": [asdict(stage) for stage in stage_sizes(image, layers)],
        "largest_files": [asdict(file) for file in files],
        "elf_check": [report.to_json() for report in reports],
    }
    if args.json:
        json.dump(document, sys.stdout, indent=2)
        sys.stdout.write("\n")
    elif sys.stdout.isatty():
        _print_rich(document)
    else:
        _print_plain(document)
    return 0


def _section_rows(document: dict[str, Any]) -> dict[str, tuple[list[str], list[list[str]]]]:
    """Every table of the report as (header, rows) of display strings, shared by both renderers."""
    tables: dict[str, tuple[list[str], list[list[str]]]] = {}
    tables["Layers"] = (
        ["#", "COMPRESSED", "SIZE", "STAGE", "CREATED BY"],
        [
            [
                str(layer["index"]),
                human_size(layer["compressed"]),
                human_size(layer["uncompressed"]),
                _stage_label(layer),
                layer["created_by"],
            ]
            for layer in document["layers"]
        ],
    )
    if document["stages"]:
        tables["Stages"] = (
            ["STAGE", "STAGE SIZE", "IN FINAL IMAGE", "LAYERS", "BASE"],
            [
                [
                    _stage_name(stage["name"]),
                    human_size(stage["size"]) if stage["size"] is not None else "-",
                    human_size(stage["in_final"]),
                    str(stage["layers_in_final"]),
                    stage["base"] or "",
                ]
                for stage in document["stages"]
            ],
        )
    tables["Largest files"] = (
        ["SIZE", "PATH"],
        [[human_size(file["size"]), file["path"]] for file in document["largest_files"]],
    )
    return tables


def _stage_label(layer: dict[str, Any]) -> str:
    stage = _stage_name(layer["stage"]) if layer["stage"] else ""
    if layer["copied_from"]:
        return f"{stage or '?'} (from {_stage_name(layer['copied_from'])})"
    return stage


def _stage_name(name: str) -> str:
    """An unnamed stage is recorded by index; show it as ``docker build`` does, ``stage-1``."""
    return f"stage-{name}" if name.isdigit() else name


def _summary_lines(document: dict[str, Any]) -> list[str]:
    size = document["size"]
    lines = [
        ("Image", document["reference"]),
        ("Digest", document["digest"]),
        ("ID", document["id"]),
        ("Created", document["created"] or "-"),
        ("Platform", document["platform"]),
        ("Size", f"{human_size(size['uncompressed'])} ({human_size(size['compressed'])} compressed)"),
        *((key, json.dumps(value)) for key, value in document["config"].items()),
    ]
    return [f"{label + ':':<12}{value}" for label, value in lines]


def _check_lines(document: dict[str, Any]) -> list[str]:
    checks = document["elf_check"]
    if not checks:
        return ["no ENTRYPOINT or CMD to check"]
    return [("ok    " if check["ok"] else "FAIL  ") + _explanation(check) for check in checks]


def _explanation(check: dict[str, Any]) -> str:
    return check["summary"] + (f". Fix: {check['fix']}" if check["fix"] else "")


def _print_plain(document: dict[str, Any]) -> None:
    out = _summary_lines(document)
    for title, (header, rows) in _section_rows(document).items():
        out += ["", f"{title}:"]
        widths = [max(len(cell) for cell in column) for column in zip(header, *rows)]
        for row in [header, *rows]:
            out.append("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    out += ["", "ELF check:", *("  " + line for line in _check_lines(document))]
    print("\n".join(out))


def _print_rich(document: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print("\n".join(_summary_lines(document)), highlight=False, soft_wrap=True)
    for title, (header, rows) in _section_rows(document).items():
        table = Table(title=title, title_justify="left")
        for column in header:
            numeric = column in ("#", "COMPRESSED", "SIZE", "STAGE SIZE", "IN FINAL IMAGE", "LAYERS")
            table.add_column(column, justify="right" if numeric else "left")
        for row in rows:
            table.add_row(*row)
        console.print(table)
    console.print("ELF check", style="bold")
    for check in document["elf_check"]:
        style = "green" if check["ok"] else "bold red"
        console.print(
            ("ok  " if check["ok"] else "FAIL ") + _explanation(check), style=style, highlight=False
        )
    if not document["elf_check"]:
        console.print("no ENTRYPOINT or CMD to check")
