"""Files on S3-compatible storage (django-storages; docs/deploy.md, "Files on S3-compatible
storage"): what the settings make of the AWS_* variables, and a private file on a bucket (moto's
in-process S3) kept, streamed and never given a URL. bench/twonode.py runs the same against
two gunicorn nodes and moto's server."""

import json
import secrets

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.http import Http404
from moto import mock_aws

from member_center.models import User
from portal.storage import private_file_response
from tests.factories import MemberUserFactory
from tests.portal.test_settings import run_python

S3_VARIABLES = {
    "AWS_STORAGE_BUCKET_NAME": "portal-media",
    "AWS_PRIVATE_BUCKET_NAME": "portal-private",
    "AWS_S3_ENDPOINT_URL": "https://s3.example.cn",
}
# moto keeps each object in a SpooledTemporaryFile that it leaves to the garbage collector to close.
pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
PRINT_SETTINGS = (
    "import json; from django.conf import settings; "
    "print(json.dumps({'storages': settings.STORAGES, 'documents': getattr(settings, 'WAGTAILDOCS_SERVE_METHOD', None)}, default=str))"
)


def production_settings(**variables) -> dict:
    done = run_python(
        ["-c", f"import django; django.setup(); {PRINT_SETTINGS}"],
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="portal.example.cn",
        PORTAL_BASE_URL="https://portal.example.cn",
        **variables,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


@pytest.fixture
def private_bucket(monkeypatch):
    """The private storage as the S3 settings make it, on moto's in-process S3; the account photo
    field (private storage, chosen when the models were imported) stores there too. Swapped in
    the storage handler itself: changing settings.STORAGES would make the handler build new
    storages, which the models' fields, holding the old ones, would not see after the test."""
    from portal.s3 import PrivateS3Storage

    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="portal-private")
        bucket = PrivateS3Storage(bucket_name="portal-private", region_name="us-east-1", file_overwrite=False)
        storages["private"]  # the handler makes its storages first, so the swap below stays
        monkeypatch.setitem(storages._storages, "private", bucket)
        monkeypatch.setattr(User._meta.get_field("photo"), "storage", bucket)
        yield bucket


def test_without_a_bucket_the_files_stay_in_the_folders():
    found = production_settings()["storages"]
    assert found["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert found["private"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_with_a_bucket_media_and_private_files_go_to_two_buckets():
    found = production_settings(**S3_VARIABLES)
    default, private = found["storages"]["default"], found["storages"]["private"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"]["bucket_name"] == "portal-media"
    assert private["BACKEND"] == "portal.s3.PrivateS3Storage"
    assert private["OPTIONS"]["bucket_name"] == "portal-private"
    assert private["OPTIONS"]["endpoint_url"] == "https://s3.example.cn"
    assert default["OPTIONS"]["file_overwrite"] is private["OPTIONS"]["file_overwrite"] is False


def test_with_a_bucket_static_files_stay_with_whitenoise_and_documents_go_through_their_view():
    found = production_settings(**S3_VARIABLES)
    assert found["storages"]["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert found["documents"] == "serve_view"


def test_a_media_bucket_without_a_private_one_refuses_to_start():
    variables = {key: value for key, value in S3_VARIABLES.items() if key != "AWS_PRIVATE_BUCKET_NAME"}
    done = run_python(
        ["-c", "import django; django.setup()"],
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="portal.example.cn",
        PORTAL_BASE_URL="https://portal.example.cn",
        **variables,
    )
    assert done.returncode != 0
    assert "AWS_PRIVATE_BUCKET_NAME" in done.stderr


def test_a_private_file_on_the_bucket_has_no_url(private_bucket):
    name = private_bucket.save("certificates/2612020001.pdf", ContentFile(b"%PDF-1.4 issued"))
    assert private_bucket.url(name) == ""


def test_a_second_file_of_the_same_name_is_kept_beside_the_first(private_bucket):
    first = private_bucket.save("attachments/upload.pdf", ContentFile(b"%PDF-1.4 first"))
    second = private_bucket.save("attachments/upload.pdf", ContentFile(b"%PDF-1.4 second"))
    assert first != second
    with private_bucket.open(first) as handle:
        assert handle.read() == b"%PDF-1.4 first"


@pytest.mark.django_db
def test_the_view_streams_a_private_file_from_the_bucket(private_bucket):
    user = MemberUserFactory()
    user.photo.save("photo.jpg", ContentFile(b"\xff\xd8\xff photo bytes"), save=False)
    response = private_file_response(user.photo, "image/jpeg")
    try:
        assert b"".join(response.streaming_content) == b"\xff\xd8\xff photo bytes"
        assert response["Cache-Control"] == "private, no-store"
    finally:
        response.close()  # the bucket's object is read through a temporary file


@pytest.mark.django_db
def test_a_file_gone_from_the_bucket_is_a_404(private_bucket):
    user = MemberUserFactory()
    user.photo.name = "account-photos/gone.jpg"
    with pytest.raises(Http404):
        private_file_response(user.photo, "image/jpeg")
