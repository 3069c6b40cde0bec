"""Headless Chromium for the outreach tests: screenshots and PDFs of local files, nothing else.

Debian's `chromium` package (/usr/bin/chromium). Without it the tests that need it skip, saying
why, unless REQUIRE_CHROMIUM=1 (CI sets it, after installing chromium): then they fail.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

# As the machine's probe ran it: no sandbox (root in a container), no GPU, and nothing that
# would make Chromium talk to the network on its own.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)
TIMEOUT = 60


def chromium() -> str:
    """The chromium executable; skips the test (or fails it, under REQUIRE_CHROMIUM=1) if absent."""
    found = shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )
    if found:
        return found
    reason = "chromium is not installed (Debian: apt-get install chromium)"
    if os.environ.get("REQUIRE_CHROMIUM") == "1":
        pytest.fail(f"REQUIRE_CHROMIUM=1 but {reason}")
    pytest.skip(reason)


def _run(args: list[str], output: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        result = subprocess.run(
            [chromium(), *FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
    assert output.exists(), f"chromium wrote no {output.name}:\n{result.stderr[-2000:]}"


def screenshot(page: Path, out: Path, *, width: int, height: int, scale: float = 2) -> Image.Image:
    """A screenshot of `page` in a width x height window at `scale` device pixels per CSS pixel."""
    _run(
        [
            f"--force-device-scale-factor={scale}",
            f"--window-size={width},{height}",
            f"--screenshot={out}",
            page.resolve().as_uri(),
        ],
        out,
    )
    return Image.open(out)


def print_to_pdf(page: Path, out: Path) -> bytes:
    """`page` printed to PDF the way a person prints it, without the browser's header and footer."""
    _run(["--no-pdf-header-footer", f"--print-to-pdf={out}", page.resolve().as_uri()], out)
    return out.read_bytes()


def decode_qr_codes(image: Image.Image) -> list[str]:
    """The text of every QR code found in the image."""
    qr_only = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    found = zxingcpp.read_barcodes(image.convert("L"), formats=qr_only)
    return [barcode.text for barcode in found]


# Run inside a copy of the page: which cards' words do not fit the card (its overflow is hidden,
# so text that does not fit is cut off in print, silently).
_OVERFLOW_SCRIPT = """<script>
addEventListener("load", () => {
  const cut = [...document.querySelectorAll(".card")].filter((card) => {
    const words = card.querySelector(".words");
    return words.scrollHeight > words.clientHeight + 1 || words.scrollWidth > words.clientWidth + 1;
  }).map((card) => card.dataset.link);
  document.body.setAttribute("data-cut", JSON.stringify(cut));
});
</script>"""


def cards_cut_off(page: Path, work: Path) -> list[str]:
    """The links of the cards whose words overflow them, as Chromium lays the page out."""
    probe = work / f"probe-{page.name}"
    probe.write_text(
        page.read_text(encoding="utf-8").replace("</body>", _OVERFLOW_SCRIPT + "</body>"),
        encoding="utf-8",
    )
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        result = subprocess.run(
            [
                chromium(),
                *FLAGS,
                f"--user-data-dir={profile}",
                "--virtual-time-budget=2000",
                "--dump-dom",
                probe.resolve().as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
    found = re.search(r'data-cut="([^"]*)"', result.stdout)
    assert found, f"chromium did not run the probe:\n{result.stderr[-2000:]}"
    cut: list[str] = json.loads(html.unescape(found[1]))
    return cut
