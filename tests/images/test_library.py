"""The picture library: what a photo becomes on the site, and what never leaves the desk."""

import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image as Pillow

from images.models import Image
from images.renditions import WIDTHS
from tests.factories import ImageFactory
from tests.images.pictures import GPS_IFD, MAKE, camera_jpeg, opened, transparent_png

pytestmark = pytest.mark.django_db


def stored(image, index, key="name"):
    with default_storage.open(image.renditions[index][key]) as f:
        return f.read()


def test_a_camera_photo_is_declined_at_every_page_width_without_its_exif(settings):
    image = ImageFactory(data=camera_jpeg(3000, 2000))

    assert [(item["width"], item["height"]) for item in image.renditions] == [
        (320, 213), (640, 427), (960, 640), (1280, 853), (1600, 1067)
    ]  # fmt: skip
    for index in range(len(WIDTHS)):
        for key, kind in (("name", "JPEG"), ("webp", "WEBP")):
            picture = opened(stored(image, index, key))
            assert (picture.format, picture.width) == (kind, image.renditions[index]["width"])
            exif = picture.getexif()
            # Neither where the photographer stood nor with which camera.
            assert not exif.get_ifd(GPS_IFD) and MAKE not in exif and "exif" not in picture.info
        # The WebP twin is the lighter one.
        assert image.renditions[index]["webp_size"] < image.renditions[index]["size"]
    assert (image.width, image.height) == (3000, 2000)


def test_the_original_is_kept_private_with_its_record_and_never_under_the_public_folder(settings):
    image = ImageFactory(data=camera_jpeg())

    assert not str(image.original.path).startswith(str(settings.MEDIA_ROOT))
    with image.original.open("rb") as f:
        assert opened(f.read()).getexif().get_ifd(GPS_IFD), "the desk keeps the original as the agency sent it"


def test_a_photo_taken_sideways_is_shown_upright():
    # Orientation 6: the camera was turned a quarter to the right; the pixels are landscape.
    image = ImageFactory(data=camera_jpeg(3000, 2000, orientation=6))

    assert (image.width, image.height) == (2000, 3000)
    assert all(item["height"] > item["width"] for item in image.renditions)


def test_a_small_picture_is_never_enlarged():
    image = ImageFactory(data=camera_jpeg(500, 300))

    assert [item["width"] for item in image.renditions] == [320, 500]


def test_a_transparent_png_is_shown_on_white():
    image = ImageFactory(data=transparent_png(), filename="carte.png")

    corner = opened(stored(image, 0)).convert("RGB").getpixel((0, 0))
    assert all(channel > 245 for channel in corner)


def bomb():
    """A PNG of 12,000 × 12,000 pixels: a few kilobytes on disk, 144 million pixels once opened."""
    out = io.BytesIO()
    Pillow.new("1", (12_000, 12_000)).save(out, "PNG")
    return out.getvalue()


def bmp():
    out = io.BytesIO()
    Pillow.new("RGB", (40, 30)).save(out, "BMP")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"GIF89a this is not a picture", "Ce fichier n'est pas une image lisible"),
        (camera_jpeg(400, 300)[:600], "Ce fichier n'est pas une image lisible"),
        (b"Communique de presse\n" * 50, "Ce fichier n'est pas une image lisible"),
        (bomb(), "L'image est trop grande"),
        (bmp(), "Format BMP non accepté"),
    ],
    ids=["fake-gif", "truncated-jpeg", "text", "decompression-bomb", "bmp"],
)
def test_a_file_that_cannot_be_a_photo_is_refused_on_the_field_and_nothing_is_stored(data, message, settings):
    image = Image(alt_text="Une photo", original=SimpleUploadedFile("photo.jpg", data))

    with pytest.raises(ValidationError) as refused:
        image.full_clean()

    assert message in refused.value.message_dict["original"][0]
    assert not Image.objects.exists()
    assert not (settings.MEDIA_ROOT / "images").exists()


def test_the_same_file_twice_is_one_photo_and_the_desk_is_told_which():
    first = ImageFactory(data=camera_jpeg(seed=7))
    again = Image(alt_text="Autre", original=SimpleUploadedFile("copie.jpg", camera_jpeg(seed=7)))

    with pytest.raises(ValidationError) as refused:
        again.full_clean()

    assert f"déjà dans la photothèque (n° {first.pk}" in refused.value.message_dict["original"][0]


def test_a_deleted_photo_takes_its_files_with_it(django_capture_on_commit_callbacks):
    image = ImageFactory()
    names = [item[key] for item in image.renditions for key in ("name", "webp")]
    original = image.original.path

    with django_capture_on_commit_callbacks(execute=True):
        image.delete()

    assert not any(default_storage.exists(name) for name in names)
    assert not Path(original).exists()


def test_the_renditions_command_rebuilds_a_lost_media_folder(capsys):
    image = ImageFactory()
    for item in image.renditions:
        default_storage.delete(item["name"])
    default_storage.delete(image.renditions[0]["webp"])

    call_command("renditions")

    assert all(default_storage.exists(item[key]) for item in image.renditions for key in ("name", "webp"))
    assert "1 photo(s) déclinée(s), 0 en échec." in capsys.readouterr().out
