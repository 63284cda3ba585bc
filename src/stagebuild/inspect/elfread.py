"""Read what a dynamic loader reads from an ELF file: program headers and the dynamic table.

The kernel and ``ld.so`` never look at section headers (stripped binaries may have none); they
read ``PT_INTERP`` and the ``PT_DYNAMIC`` entries (``DT_NEEDED``, ``DT_RPATH``, ``DT_RUNPATH``,
``DT_SONAME``, ``DT_FLAGS_1``), whose strings live in ``DT_STRTAB``, an address mapped to the
file through the ``PT_LOAD`` segments. We do the same, with pyelftools decoding the ELF header,
program headers and dynamic entries: its higher-level segment objects build every section on the
way, which made checking a whole image many times slower.

    >>> info = read_elf(Path("rootfs/bin/true"))
    >>> info.interpreter, info.needed
    ('/lib64/ld-linux-x86-64.so.2', ('libc.so.6',))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from elftools.common.exceptions import ELFError
from elftools.common.utils import struct_parse
from elftools.elf.elffile import ELFFile

ELF_MAGIC = b"\x7fELF"
_DF_1_PIE = 0x08000000
_MAX_STRING = 4096


@dataclass(frozen=True)
class ElfInfo:
    """The loader-relevant facts of one ELF file."""

    machine: str
    """``e_machine`` as pyelftools names it (``EM_X86_64``)."""
    elf_class: int
    is_shared_object: bool
    """A library rather than a program: ET_DYN with neither PT_INTERP nor the PIE flag."""
    interpreter: str | None
    needed: tuple[str, ...]
    rpath: tuple[str, ...]
    runpath: tuple[str, ...]
    soname: str | None


def read_elf(path: Path) -> ElfInfo | None:
    """The ELF facts of ``path``, or None when it is not a readable ELF file."""
    try:
        with open(path, "rb") as handle:
            if handle.read(4) != ELF_MAGIC:
                return None
            handle.seek(0)
            return _read(ELFFile(handle), handle)
    except (ELFError, OSError, ValueError, UnicodeDecodeError):
        return None


def _read(elf: ELFFile, handle: BinaryIO) -> ElfInfo:
    phdr = elf.structs.Elf_Phdr
    headers = [
        struct_parse(phdr, handle, elf["e_phoff"] + index * elf["e_phentsize"])
        for index in range(elf["e_phnum"])
    ]
    interpreter = None
    tags: list[tuple[str, int]] = []
    for header in headers:
        if header["p_type"] == "PT_INTERP":
            handle.seek(header["p_offset"])
            interpreter = handle.read(header["p_filesz"]).split(b"\0", 1)[0].decode()
        elif header["p_type"] == "PT_DYNAMIC":
            tags = _dynamic_tags(elf, handle, header)
    loads = [header for header in headers if header["p_type"] == "PT_LOAD"]
    strtab = next((_file_offset(loads, value) for tag, value in tags if tag == "DT_STRTAB"), None)

    def strings(name: str) -> list[str]:
        if strtab is None:
            return []
        return [_string_at(handle, strtab + value) for tag, value in tags if tag == name]

    flags_1 = sum(value for tag, value in tags if tag == "DT_FLAGS_1")
    sonames = strings("DT_SONAME")
    return ElfInfo(
        machine=elf["e_machine"],
        elf_class=elf.elfclass,
        is_shared_object=elf["e_type"] == "ET_DYN" and interpreter is None and not flags_1 & _DF_1_PIE,
        interpreter=interpreter,
        needed=tuple(strings("DT_NEEDED")),
        rpath=_split_paths(strings("DT_RPATH")),
        runpath=_split_paths(strings("DT_RUNPATH")),
        soname=sonames[0] if sonames else None,
    )


def _dynamic_tags(elf: ELFFile, handle: BinaryIO, header: Any) -> list[tuple[str, int]]:
    entry = elf.structs.Elf_Dyn
    size = entry.sizeof()
    tags = []
    for index in range(header["p_filesz"] // size):
        tag = struct_parse(entry, handle, header["p_offset"] + index * size)
        if tag["d_tag"] == "DT_NULL":
            break
        tags.append((str(tag["d_tag"]), int(tag["d_val"])))
    return tags


def _file_offset(loads: Sequence[Any], address: int) -> int | None:
    for load in loads:
        if load["p_vaddr"] <= address < load["p_vaddr"] + load["p_filesz"]:
            return int(address - load["p_vaddr"] + load["p_offset"])
    return None


def _string_at(handle: BinaryIO, offset: int) -> str:
    handle.seek(offset)
    return handle.read(_MAX_STRING).split(b"\0", 1)[0].decode()


def _split_paths(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(entry for value in values for entry in value.split(":") if entry)
