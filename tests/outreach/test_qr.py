"""QR files decode to exactly their link, and are made for print."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from bot.outreach import qr
from tests.outreach.chromium import decode_qr_codes, screenshot

LINK = "https://t.me/SafeHarborTestBot?start=advocacy_wa-king_es"


def test_png_decodes_to_the_link(tmp_path: Path) -> None:
    path = tmp_path / "code.png"
    qr.save(LINK, path)
    assert decode_qr_codes(Image.open(path)) == [LINK]


def test_png_is_crisp_at_print_size(tmp_path: Path) -> None:
    path = tmp_path / "code.png"
    qr.save(LINK, path)
    image = Image.open(path)
    code = qr.make(LINK)
    modules, _ = code.symbol_size(scale=1, border=qr.QUIET_ZONE)
    width, height = image.size
    assert width == height >= 600
    assert width % modules == 0, "every module is a whole number of pixels"
    assert round(image.info["dpi"][0]) == 300
    # The quiet zone: the outer 4 modules are white all round.
    margin = qr.QUIET_ZONE * width // modules
    grey = image.convert("L")
    for box in ((0, 0, width, margin), (0, 0, margin, height)):
        assert grey.crop(box).getextrema() == (255, 255)
    assert grey.crop((margin, margin, width - margin, height - margin)).getextrema() == (0, 255)


def test_error_correction_is_at_least_m() -> None:
    for link in (LINK, "https://t.me/SafeHarborTestBot?start=legal"):
        assert qr.make(link).error in ("M", "Q", "H")


def test_svg_renders_and_decodes_to_the_link(tmp_path: Path) -> None:
    path = tmp_path / "code.svg"
    qr.save(LINK, path)
    text = path.read_text()
    assert 'width="' in text and "mm" in text, "a standalone SVG has a physical size"
    image = screenshot(path, tmp_path / "code-svg.png", width=300, height=300)
    assert decode_qr_codes(image) == [LINK]


def test_other_extensions_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"must end in \.svg or \.png"):
        qr.save(LINK, tmp_path / "code.jpg")
