"""Illustrations for the demo content, drawn with Pillow so nothing is downloaded."""

import io
import random

from PIL import Image, ImageDraw

PALETTES = {
    "red": ((163, 22, 26), (247, 196, 84)),
    "blue": ((11, 79, 138), (138, 196, 240)),
    "yellow": ((224, 168, 0), (255, 241, 189)),
    "green": ((29, 107, 50), (176, 222, 160)),
    "gold": ((150, 104, 18), (250, 222, 150)),
    "teal": ((12, 110, 110), (170, 228, 220)),
}


def draw_illustration(key: str, palette: str, motif: str, size: tuple[int, int] = (1200, 750)) -> bytes:
    """A JPEG of a simple scene: a gradient sky, ground, and a motif of shapes. Deterministic per key."""
    rng = random.Random(key)  # noqa: S311 - decoration, not security
    dark, light = PALETTES.get(palette, PALETTES["red"])
    width, height = size
    image = Image.new("RGB", size, light)
    draw = ImageDraw.Draw(image)
    for y in range(height):  # vertical gradient
        t = y / height
        colour = tuple(
            int(light[i] * (1 - t) + dark[i] * t * 0.6 + 255 * t * 0.4 * (i == 2)) for i in range(3)
        )
        draw.line([(0, y), (width, y)], fill=tuple(min(255, c) for c in colour))
    ground = int(height * 0.68)
    draw.rectangle([0, ground, width, height], fill=tuple(int(c * 0.75) for c in dark))
    if motif == "flag":
        draw.rectangle([120, 120, 130, ground], fill=(60, 60, 60))
        draw.rectangle([130, 120, 430, 300], fill=(218, 37, 29))
        cx, cy, r = 280, 210, 60
        draw.regular_polygon((cx, cy, r), 5, rotation=90, fill=(255, 205, 0))
    elif motif == "chart":
        for i in range(6):
            h = rng.randint(120, 380)
            x = 180 + i * 150
            draw.rectangle([x, ground - h, x + 90, ground], fill=dark, outline=(255, 255, 255), width=4)
    elif motif == "building":
        draw.rectangle([380, 220, 820, ground], fill=(240, 236, 224), outline=dark, width=6)
        draw.polygon([(340, 230), (600, 110), (860, 230)], fill=dark)
        for i in range(5):
            draw.rectangle([420 + i * 82, 300, 470 + i * 82, ground], fill=(200, 190, 170))
    elif motif == "field":
        for i in range(14):
            y = ground + 12 + i * 18
            draw.line([(0, y), (width, y - 40)], fill=tuple(int(c * 0.55) for c in dark), width=6)
        draw.ellipse([900, 80, 1040, 220], fill=(255, 224, 102))
    else:  # "meeting" and "people": rows of figures
        rows = 3 if motif == "meeting" else 2
        for row in range(rows):
            for i in range(9):
                x = 90 + i * 120 + (row % 2) * 40
                y = ground - 40 + row * 70
                shade = tuple(max(0, c - rng.randint(0, 60)) for c in dark)
                draw.ellipse([x, y - 110, x + 56, y - 54], fill=(240, 200, 160))
                draw.rounded_rectangle([x - 14, y - 54, x + 70, y + 40], radius=24, fill=shade)
        if motif == "meeting":
            draw.rectangle([150, 70, width - 150, 230], fill=(163, 22, 26))
            draw.rectangle([170, 90, width - 170, 210], outline=(255, 205, 0), width=4)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True)
    return buffer.getvalue()


def draw_portrait(key: str, size: tuple[int, int] = (320, 400)) -> bytes:
    """A JPEG placeholder for a leader's photo: a neutral silhouette, deterministic per key."""
    rng = random.Random(key)  # noqa: S311 - decoration, not security
    width, height = size
    background = (rng.randint(200, 225), rng.randint(205, 228), rng.randint(215, 235))
    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    shade = (88, 96, 110)
    cx = width // 2
    draw.ellipse([cx - 70, 70, cx + 70, 230], fill=shade)  # head
    draw.ellipse([cx - 150, 250, cx + 150, height + 200], fill=shade)  # shoulders
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()
