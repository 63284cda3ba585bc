"""``gmpsim run --html FILE.html``: a self-contained timeline page, checked in headless Chromium."""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from gmpsim.cli import main as gmpsim_main
from tests.conftest import REPO

CASE4 = REPO / "examples" / "sched" / "case4.go"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (make setup installs it)")
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    flags = [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={profile}",
    ]  # fmt: skip
    return subprocess.run([CHROMIUM, *flags, *args], capture_output=True, timeout=120, check=True)


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the rows of RGB(A) bytes of an 8-bit, non-interlaced PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height, channels = 8, b"", 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + b) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, [bytes(r[i] for i in range(len(r)) if i % channels < 3) for r in rows]


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html") / "case4.html"
    code = gmpsim_main([
        "run", str(CASE4), "--go", "1.9", "--ncpu", "2", "--for", "3.5s", "--html", str(out)
    ])  # fmt: skip
    assert code == 0
    return out


def test_the_page_is_self_contained(page: Path) -> None:
    text = page.read_text()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text)
    assert "@import" not in text and "fetch(" not in text
    urls = set(re.findall(r"https?://[^\s\"'<>]+", text))
    assert urls <= {"http://www.w3.org/2000/svg"}  # a namespace name, never fetched


def test_the_script_draws_p_rows_slices_and_output_marks(page: Path, tmp_path: Path) -> None:
    dom = chromium(tmp_path, "--dump-dom", page.as_uri()).stdout.decode()
    labels = re.findall(r'<text[^>]*class="row-label"[^>]*>([^<]*)<', dom)
    assert {"P0", "P1", "M0", "output"} <= set(labels)
    slices = re.findall(r'<rect[^>]*class="slice"[^>]*data-tip="G(\d+) ([\w.]+)', dom)
    assert sum(1 for g, func in slices if func == "main.deadloop") > 100
    assert dom.count('class="output-mark"') == 3
    assert re.search(r"G\d+ main\.deadloop", dom)  # the legend
    assert "I got scheduled!" in dom  # the output list


def slice_colour(page: Path, func: str) -> bytes:
    """The colour the page gives ``func``'s goroutine: its goroutine's place in the palette."""
    text = page.read_text()
    data = json.loads(re.search(r'id="timeline-data">(.*?)</script>', text, re.S).group(1))  # type: ignore[union-attr]
    palette = re.findall(r'"#([0-9a-f]{6})"', re.search(r"PALETTE = \[(.*?)\]", text, re.S).group(1))  # type: ignore[union-attr]
    goids = sorted(data["funcs"], key=int)
    index = next(i for i, g in enumerate(goids) if data["funcs"][g] == func)
    return bytes.fromhex(palette[index % len(palette)])


def test_a_screenshot_shows_goroutine_slices_in_the_p0_row(page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1000,500", page.as_uri())
    width, height, rows = png_pixels(shot.read_bytes())
    assert (width, height) == (1000, 500)
    colour = slice_colour(page, "main.deadloop")
    hits = sum(row.count(colour) for row in rows)  # counts 3-byte matches, aligned or not: fine here
    assert hits > 5000, hits
