"""Small helpers for the member-centre tests."""

import io

from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from PIL import Image

from tests.http import body

LOGIN_URL = "/member/login/"
ACTIVATE_URL = "/member/login/activate/"
DASHBOARD_URL = "/member/"
PASSWORD_URL = "/member/password/"
ACCOUNT_URL = "/member/account/"
PHOTO_URL = "/member/account/photo/"


def login(client, username, password):
    """Submit the login form as a member would."""
    return client.post(LOGIN_URL, {"username": username, "password": password})


def last_sms_code(to: str | None = None) -> str:
    """The 6-digit code of the newest text message (to `to`, if given) in portal.sms.outbox."""
    import re

    from portal import sms

    messages = [m for m in sms.outbox if to is None or m.to == to]
    assert messages, "no text message was sent"
    return re.search(r"验证码 (\d{6})", messages[-1].body).group(1)


def activate(client, channel="sms"):
    """验证身份 after a right initial password: get a code by SMS and type it in."""
    client.post(ACTIVATE_URL, {"send": channel})
    if channel == "sms":
        code = last_sms_code()
    else:
        import re

        from django.core import mail

        code = re.search(r"验证码 (\d{6})", mail.outbox[-1].body).group(1)
    return client.post(ACTIVATE_URL, {"verify": "1", "code": code})


def first_login(client, username, password):
    """A first login as a member makes it: the initial password, then 验证身份 by SMS."""
    response = login(client, username, password)
    assert response.status_code == 302 and response["Location"] == ACTIVATE_URL, response
    return activate(client)


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
