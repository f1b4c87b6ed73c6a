"""Photos on an S3-compatible store, through django-storages, as "Photos in production" sets them up.

No S3 service runs on this machine: moto's S3-compatible server runs in a
thread of the test, on a port of its own, and is spoken to over HTTP by
boto3 exactly as a bucket at Scaleway or OVH would be. The settings are
those ``newsdesk.settings.s3_storage`` builds from the documented variables.
"""

import json
import urllib.error
import urllib.request

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from tests.factories import ArticleFactory, ImageFactory
from tests.support import free_port

pytestmark = pytest.mark.django_db

PUBLIC, PRIVATE = "newsdesk-photos", "newsdesk-originaux"
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{PUBLIC}/*"}
    ],
}


@pytest.fixture
def s3(settings, monkeypatch):
    """Two buckets on a running S3-compatible server; STORAGES pointed at them; return a boto3 client."""
    boto3 = pytest.importorskip("boto3", reason="S3 tests need the dev requirements (boto3, django-storages, moto)")
    server_module = pytest.importorskip("moto.server", reason="S3 tests need moto[s3] from the dev requirements")
    port = free_port()
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    for name, value in {
        "AWS_ACCESS_KEY_ID": "newsdesk-test",
        "AWS_SECRET_ACCESS_KEY": "newsdesk-test-secret",
        "NEWSDESK_S3_ENDPOINT_URL": endpoint,
        "NEWSDESK_S3_REGION": "us-east-1",
        "NEWSDESK_MEDIA_DOMAIN": "",
    }.items():
        monkeypatch.setenv(name, value)
    # The server keeps its buckets in this process: each test starts with none.
    urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST"), timeout=10).close()
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=PUBLIC)
    client.create_bucket(Bucket=PRIVATE)
    # Readers fetch renditions anonymously: the public bucket says so in its policy, as the README asks.
    client.put_bucket_policy(Bucket=PUBLIC, Policy=json.dumps(PUBLIC_READ))
    from newsdesk.settings import s3_storage

    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage(PUBLIC, public=True),
        "originals": s3_storage(PRIVATE, public=False),
    }
    yield client
    server.stop()


def rendition_names(image):
    return sorted(item[key] for item in image.renditions for key in ("name", "webp"))


def keys(client, bucket):
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", []))


def test_renditions_go_to_the_public_bucket_cached_for_a_year_and_the_original_to_the_private_one(s3):
    image = ImageFactory()

    assert keys(s3, PUBLIC) == rendition_names(image)
    assert keys(s3, PRIVATE) == [image.original.name]
    for key, content_type in (("name", "image/jpeg"), ("webp", "image/webp")):
        head = s3.head_object(Bucket=PUBLIC, Key=image.renditions[0][key])
        assert head["CacheControl"] == "public, max-age=31536000, immutable"
        assert head["ContentType"] == content_type


def test_pages_point_at_the_bucket_with_plain_addresses_and_the_original_only_by_a_signed_one(s3, client):
    article = ArticleFactory(image=ImageFactory())
    rendition = article.image.rendition_list()[2]

    page = client.get(article.get_absolute_url()).content.decode()

    assert f'src="{rendition.url}"' in page
    assert rendition.url.startswith(f"{s3.meta.endpoint_url}/{PUBLIC}/") and "Signature" not in rendition.url
    with urllib.request.urlopen(rendition.url, timeout=10) as response:
        assert response.headers["Content-Type"] == "image/jpeg"
        assert len(response.read()) == rendition.size
    signed = article.image.original.url
    assert "Signature" in signed
    with urllib.request.urlopen(signed, timeout=10) as response:
        assert response.status == 200
    # Without its signature, the original is refused: the private bucket has no public policy.
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(signed.split("?", 1)[0], timeout=10)
    assert refused.value.code == 403


def test_the_renditions_command_and_a_deletion_work_on_the_bucket(s3, django_capture_on_commit_callbacks):
    image = ImageFactory()
    default_storage.delete(image.renditions[0]["name"])

    call_command("renditions", stdout=None)
    assert keys(s3, PUBLIC) == rendition_names(image)

    with django_capture_on_commit_callbacks(execute=True):
        image.delete()
    assert keys(s3, PUBLIC) == [] and keys(s3, PRIVATE) == []
