"""Small helpers for the member-centre tests."""

import io

from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from PIL import Image

from tests.http import body

LOGIN_URL = "/member/login/"
DASHBOARD_URL = "/member/"
PASSWORD_URL = "/member/password/"
ACCOUNT_URL = "/member/account/"
PHOTO_URL = "/member/account/photo/"


def login(client, username, password):
    """Submit the login form as a member would."""
    return client.post(LOGIN_URL, {"username": username, "password": password})


def logged_in_user_id(client):
    return client.session.get(SESSION_KEY)


def page_text(response) -> str:
    return response.content.decode()


def get_photo(client):
    """GET the member's photo; returns (response, bytes).

    Reading the stream to its end lets the test client close the file it streams (calling
    response.close() directly would also close the database connection)."""
    response = client.get(PHOTO_URL)
    content = body(response)
    return response, content


def jpeg_bytes(size=(358, 441), colour=(200, 30, 30)) -> bytes:
    """A real JPEG picture, made in memory (the manual's photo size by default)."""
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


def admin_index_url(model_name: str) -> str:
    """The staff listing of a roster model in the Wagtail admin (/admin/<model_name>/)."""
    return reverse(f"{model_name}:index")
