"""The HTML report of district-neishe-ceping-2012 on examples/seed-004 rendered by a real browser
(headless Chromium): tables and charts present, page not blank.

CI installs Debian's chromium (.ci/run); elsewhere the test skips when there is
no chromium, but with CI set a missing browser is a failure.
"""

from __future__ import annotations

import io
import os
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from pingyi_rules.cli import run

from ..helpers import ROOT, RULESETS

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but chromium is not installed (.ci/run installs it with apt-get)")
        pytest.skip("chromium is not installed (apt-get install chromium); CI runs this test")
    return found


def render(browser: str, page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [browser, *FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
        capture_output=True, text=True, timeout=180, check=True,
    )


def png_pixels(data: bytes) -> tuple[int, int, int, list[bytes]]:
    """Width, height, bytes per pixel and the unfiltered rows of an 8-bit RGB(A) PNG (enough to tell a blank page)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, header = 8, [], b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6)
    stride = width * (3 if colour == 2 else 4)
    bpp = stride // width
    raw = zlib.decompress(b"".join(chunks))
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up, corner = previous[i], previous[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, bpp, rows


def test_seed_004_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    browser = chromium()
    page = tmp_path / "report.html"
    out, err = io.StringIO(), io.StringIO()
    assert run(["score", str(RULESETS / "district-neishe-ceping-2012.yaml"), str(ROOT / "examples" / "seed-004"),
                "--format", "html", "-o", str(page)], out, err) == 0

    dom = render(browser, page, tmp_path / "profile-dom", "--dump-dom").stdout
    assert dom.count('<table class="rank">') == 2  # 行政执法类 and 综合管理类 (§七)
    assert dom.count('class="histogram"') == 2 and dom.count('class="stacked"') == 2
    assert dom.count("<rect") > 60
    assert "区交通局业务科" in dom and "92.29" in dom  # ZF03, rank 1 of 行政执法类
    assert dom.count('<article class="subject"') == 32

    shot = tmp_path / "report.png"
    render(browser, page, tmp_path / "profile-shot", f"--screenshot={shot}", "--window-size=1280,1600",
           "--hide-scrollbars")
    width, height, bpp, rows = png_pixels(shot.read_bytes())
    assert (width, height) == (1280, 1600)
    sample = rows[::8]
    colours = {row[i : i + 3] for row in sample for i in range(0, len(row), bpp * 16)}
    dark = sum(1 for row in sample for i in range(0, len(row), bpp * 4) if sum(row[i : i + 3]) < 200)
    assert len(colours) > 20, "the screenshot is nearly a single colour"
    assert dark > 500, "almost no dark (text) pixels in the screenshot"
