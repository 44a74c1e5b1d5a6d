"""The demo's certificate types (the real site's: certificates/setup.py) and a demo seal."""

import io
import math
import subprocess

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images.models import Image

from .models import CertificateSettings
from .setup import create_certificate_types


def _cjk_font_path() -> str | None:
    try:
        return (
            subprocess.run(
                ["fc-match", "-f", "%{file}", "Noto Sans CJK SC:style=Bold"], capture_output=True, text=True, check=True
            ).stdout.strip()
            or None
        )
    except (OSError, subprocess.CalledProcessError):
        return None


def draw_seal(text: str = "广州市律师协会", size: int = 480) -> bytes:
    """A round red seal with the name around the rim and a star in the middle (demo only)."""
    red = (200, 16, 30, 255)
    image = PILImage.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    centre, radius = size / 2, size / 2 - 8
    draw.ellipse([8, 8, size - 8, size - 8], outline=red, width=14)
    star = [
        (centre + (size * 0.14 if i % 2 == 0 else size * 0.055) * math.sin(math.pi * i / 5),
         centre - (size * 0.14 if i % 2 == 0 else size * 0.055) * math.cos(math.pi * i / 5))
        for i in range(10)
    ]  # fmt: skip
    draw.polygon(star, fill=red)
    font_path = _cjk_font_path()
    font = ImageFont.truetype(font_path, int(size * 0.12)) if font_path else ImageFont.load_default()
    span = 240  # degrees of rim the name covers, centred at the top
    for i, char in enumerate(text):
        angle = math.radians(-span / 2 + span * (i + 0.5) / len(text))
        glyph = PILImage.new("RGBA", (int(size * 0.16), int(size * 0.16)), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((glyph.width / 2, glyph.height / 2), char, font=font, fill=red, anchor="mm")
        glyph = glyph.rotate(-math.degrees(angle), resample=PILImage.BICUBIC)
        x = centre + (radius - size * 0.13) * math.sin(angle) - glyph.width / 2
        y = centre - (radius - size * 0.13) * math.cos(angle) - glyph.height / 2
        image.alpha_composite(glyph, (int(x), int(y)))
    small = ImageFont.truetype(font_path, int(size * 0.07)) if font_path else ImageFont.load_default()
    draw.text((centre, centre + size * 0.25), "电子证明专用章", font=small, fill=red, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def ensure_demo_seal() -> None:
    settings = CertificateSettings.load()
    if settings.seal_image_id:
        return
    seal = Image(title="广州市律师协会 电子证明专用章（演示）")
    seal.file = ImageFile(io.BytesIO(draw_seal()), name="demo-seal.png")
    seal.save()
    settings.seal_image = seal
    settings.save()


def load_demo(demo: dict) -> None:
    """The `register_demo_data` loader (see member_center/demo.py): the types and the seal."""
    create_certificate_types()
    ensure_demo_seal()
