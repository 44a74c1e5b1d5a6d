"""Every kind of public page: Simplified Chinese, a strict CSP, nothing inline that the CSP would block."""

import re

import pytest

from home.demo import create_page_tree

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/", "/news/", "/notices/", "/notices/e-certificate-system-online/", "/faq/", "/search/?q=通知"]


@pytest.fixture
def pages(client):
    """Each public page's response, from the demo page tree."""
    create_page_tree()
    return {path: client.get(path) for path in PUBLIC_PAGES}


def test_pages_declare_simplified_chinese(pages):
    for path, response in pages.items():
        assert response.status_code == 200, path
        assert '<html lang="zh-hans">' in response.content.decode(), path


def test_pages_carry_a_strict_content_security_policy(pages):
    for path, response in pages.items():
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy, path
        assert "unsafe-inline" not in policy, path


def test_pages_have_no_inline_script_style_or_handlers(pages):
    for path, response in pages.items():
        html = response.content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), f"inline <script> on {path}"
        assert not re.search(r"<style\b", html), f"<style> on {path}"
        assert not re.search(r"\sstyle=", html), f"style attribute on {path}"
        assert not re.search(r"\son[a-z]+=", html), f"event handler attribute on {path}"
