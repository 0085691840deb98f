"""QR codes: an offer's public answer page, and the enrolment of a staff second factor."""

import io

import qrcode
import qrcode.image.svg
from qrcode.constants import ERROR_CORRECT_M

PNG_MIN_WIDTH = 1000  # print quality for an A4 poster


def _qr(url: str, box_size: int) -> qrcode.QRCode:
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=4)
    qr.add_data(url)
    qr.make(fit=True)
    return qr


def qr_svg(url: str) -> str:
    """Return an SVG document (a single path, no Pillow needed) that encodes url."""
    image = _qr(url, box_size=10).make_image(image_factory=qrcode.image.svg.SvgPathImage)
    return image.to_string(encoding="unicode")


def qr_png(url: str, min_width: int = PNG_MIN_WIDTH) -> bytes:
    """Return a black-and-white PNG at least min_width pixels wide that encodes url."""
    qr = _qr(url, box_size=1)
    modules = qr.modules_count + 2 * qr.border
    qr.box_size = -(-min_width // modules)  # ceiling division: whole pixels per module
    buffer = io.BytesIO()
    qr.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return buffer.getvalue()
