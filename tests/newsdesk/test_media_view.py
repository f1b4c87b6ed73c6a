"""The media view (when Django serves the renditions): an odd file name is a 404, never a 500."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def media_folder(settings):
    folder = settings.MEDIA_ROOT / "images" / "ab"
    folder.mkdir(parents=True)
    (folder / "idleb-640.jpg").write_bytes(b"\xff\xd8\xff\xe0 not much of a picture")
    return folder


def test_a_rendition_is_served(client, media_folder):
    response = client.get("/media/images/ab/idleb-640.jpg")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")


@pytest.mark.parametrize(
    "name",
    [
        "a" * 256 + ".jpg",  # one name over the file system's 255 bytes
        "é" * 200 + ".jpg",  # 400 bytes in UTF-8
        "ab/" + "b" * 300 + "/idleb-640.jpg",  # a folder name too long
    ],
    ids=["ascii", "accented", "folder"],
)
def test_a_file_name_over_255_bytes_is_not_found(client, media_folder, name):
    assert client.get("/media/images/" + name).status_code == 404


def test_a_name_through_a_file_is_not_found(client, media_folder):
    assert client.get("/media/images/ab/idleb-640.jpg/autre.jpg").status_code == 404
