"""What a photo costs the desk: the time to check it and write its renditions, and what readers download.

    .venv/bin/python bench/renditions.py

Press-camera sizes (6, 24 and 45 megapixels) of a synthetic photo-like
picture (1,500 overlapping shapes, slightly blurred, under fine sensor
noise: edges and colours everywhere, unlike a flat test card; a real photo's
figures will differ). Prints, per size, the original's weight, each
rendition's weight (JPEG / WebP) and the seconds to read, turn and render
it in both formats, the median of three runs, on this machine.
"""

import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def photo_like(width, height):
    """Return a JPEG with what makes a photo heavy: edges and colours everywhere, and fine sensor noise."""
    import random

    from PIL import Image, ImageDraw, ImageFilter

    shapes = random.Random(412)
    picture = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    draw = ImageDraw.Draw(picture)
    for _ in range(1500):
        x, y = shapes.randrange(width), shapes.randrange(height)
        size = shapes.randrange(width // 200, width // 12)
        colour = tuple(shapes.randrange(256) for _ in range(3))
        draw.ellipse((x, y, x + size, y + size * shapes.uniform(0.3, 2)), fill=colour)
    picture = picture.filter(ImageFilter.GaussianBlur(1.2))
    noise = Image.effect_noise((width, height), 12).convert("RGB")
    picture = Image.blend(picture, noise, 0.08)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=92)
    return out.getvalue()


def main():
    folder = tempfile.mkdtemp()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    os.environ["DJANGO_MEDIA_ROOT"] = f"{folder}/media"
    os.environ["NEWSDESK_ORIGINALS_ROOT"] = f"{folder}/originals"
    import django

    django.setup()
    from images import renditions

    print(f"{'original':>14} {'weight':>8}  renditions, JPEG/WebP (KB)                          seconds")
    for width, height in ((3000, 2000), (6000, 4000), (8192, 5464)):
        data = photo_like(width, height)
        times = []
        for _ in range(3):
            started = time.perf_counter()
            made = list(renditions.make_renditions(renditions.read_picture(data)))
            times.append(time.perf_counter() - started)
        weights = " ".join(f"{w}:{len(jpeg) // 1024}/{len(webp) // 1024}" for w, _, jpeg, webp in made)
        print(f"{width:>6} × {height:<6} {len(data) // 1024:>6}KB  {weights:<52} {statistics.median(times):.2f}")


if __name__ == "__main__":
    main()
