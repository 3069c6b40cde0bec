"""QR codes for deep links, made to be printed and scanned from a card or a flyer.

- Error correction at least M (15 % of the code can be lost: a crease, a smudge); segno raises it
  further whenever that fits in the same size, so a short link gets Q or H for free.
- The standard quiet zone of 4 modules: scanners need the white margin.
- PNG: whole pixels per module (sharp edges) and at least 600 pixels across, tagged 300 dpi, so
  the code is 5 cm wide and crisp when printed at its natural size. SVG is vector: any size.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

ERROR_CORRECTION = "m"
QUIET_ZONE = 4  # modules
PNG_DPI = 300
PNG_MIN_PIXELS = 600  # 2 inches at 300 dpi
SVG_MODULE_MM = 1.0  # a standalone SVG opens at about 4 cm; scale it freely
FORMATS = (".svg", ".png")


def make(link: str) -> Any:
    """The QR code (a segno.QRCode) for `link`."""
    import segno

    return segno.make_qr(link, error=ERROR_CORRECTION, boost_error=True)


def png_scale(code: Any) -> int:
    """Pixels per module so that the PNG, quiet zone included, is at least PNG_MIN_PIXELS wide."""
    width: int = code.symbol_size(scale=1, border=QUIET_ZONE)[0]
    return max(1, math.ceil(PNG_MIN_PIXELS / width))


def save(link: str, path: Path) -> None:
    """Write the QR code for `link` to `path`, as SVG or PNG by its extension."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"{path.name}: a QR file must end in .svg or .png")
    code = make(link)
    if suffix == ".png":
        code.save(path, kind="png", scale=png_scale(code), border=QUIET_ZONE, dpi=PNG_DPI)
    else:
        code.save(
            path,
            kind="svg",
            scale=SVG_MODULE_MM,
            unit="mm",
            border=QUIET_ZONE,
            title=link,
        )


def inline_svg(link: str, *, css_class: str = "qr") -> str:
    """An `<svg>` element for HTML: no size of its own (CSS sizes it), black on white."""
    code = make(link)
    svg: str = code.svg_inline(
        scale=1, border=QUIET_ZONE, omitsize=True, svgclass=css_class, light="#fff"
    )
    return svg
