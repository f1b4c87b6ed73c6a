"""What a photo costs the desk: the time to check it and write its renditions, and what readers download.

    .venv/bin/python bench/renditions.py

Press-camera sizes (6, 24 and 45 megapixels) of a photo-like picture (a
gradient under sensor noise, which compresses as a real photo does, unlike
a flat test card). Prints, per size, the original's weight, each
rendition's weight and the seconds to read, turn and render it, the median
of three runs, on this machine.
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
    from PIL import Image

    gradient = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    noise = Image.effect_noise((width, height), 40).convert("RGB")
    picture = Image.blend(gradient, noise, 0.35)
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

    print(f"{'original':>14} {'weight':>8}  renditions (KB)                      seconds")
    for width, height in ((3000, 2000), (6000, 4000), (8192, 5464)):
        data = photo_like(width, height)
        times = []
        for _ in range(3):
            started = time.perf_counter()
            made = list(renditions.make_renditions(renditions.read_picture(data)))
            times.append(time.perf_counter() - started)
        weights = " ".join(f"{w}:{len(jpeg) // 1024}" for w, _, jpeg in made)
        print(f"{width:>6} × {height:<6} {len(data) // 1024:>6}KB  {weights:<36} {statistics.median(times):.2f}")


if __name__ == "__main__":
    main()
