"""Photos made for the tests: a press camera's JPEG, with its EXIF record and GPS position, and a PNG."""

import io

from PIL import Image, ImageDraw

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE = 0x010F
MODEL = 0x0110
BODY_SERIAL = 0xA431
IMAGE_NUMBER = 0x9211


def scene(width, height, seed=0):
    """Return an RGB picture with something in it (a sky, a street, a figure), not a flat colour; ``seed`` tints it."""
    picture = Image.new("RGB", (width, height), (112, (146 + seed // 256) % 256, (190 + seed) % 256))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, height * 2 // 3, width, height), fill=(96, 88, 80))
    draw.ellipse((width // 3, height // 3, width // 2, height * 2 // 3), fill=(200, 60, 40))
    # Upper-left corner marked, to tell which way the picture was turned.
    draw.rectangle((0, 0, width // 10, height // 10), fill=(250, 250, 20))
    return picture


def camera_jpeg(width=3000, height=2000, *, orientation=None, gps=True, seed=0):
    """Return JPEG bytes as a photographer's camera writes them: make, model, GPS position, maybe a rotation."""
    exif = Image.Exif()
    # The frame number: two photos of one scene are two files.
    exif[IMAGE_NUMBER] = seed
    exif[MAKE] = "Canon"
    exif[MODEL] = "EOS R3"
    exif[BODY_SERIAL] = "032021001234"
    if gps:
        # Idleb, Syria: 35° 55' N, 36° 38' E.
        exif[GPS_IFD] = {1: "N", 2: (35.0, 55.0, 0.0), 3: "E", 4: (36.0, 38.0, 0.0)}
    if orientation:
        exif[ORIENTATION] = orientation
    out = io.BytesIO()
    scene(width, height, seed).save(out, "JPEG", quality=90, exif=exif)
    return out.getvalue()


def transparent_png(width=800, height=600):
    picture = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    ImageDraw.Draw(picture).ellipse((100, 100, 500, 500), fill=(10, 80, 160, 255))
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def opened(data):
    return Image.open(io.BytesIO(data))
