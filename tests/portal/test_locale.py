"""The Wagtail admin speaks Chinese on our screens where its own catalogue does not
(locale/zh_Hans, compiled by `make setup`)."""

import pytest
from django.test import Client
from django.utils import translation

from tests.factories import LawyerFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client():
    client = Client()
    client.force_login(StaffUserFactory(superuser=True))
    return client


def test_a_listings_selection_counts_rows_not_snippets():
    with translation.override("zh-hans"):
        assert translation.gettext("%(objects)s snippets selected") == "已选择 %(objects)s 项"


def test_the_dashboard_summary_and_search_are_in_chinese(staff_client):
    html = staff_client.get("/admin/").content.decode()

    assert "个页面" in html
    assert "搜索全部页面…" in html
    assert "Search all pages" not in html
    assert " Pages " not in html


def test_a_listings_sort_buttons_are_labelled_in_chinese(staff_client):
    LawyerFactory()

    html = staff_client.get("/admin/lawyer/").content.decode()

    assert "按“姓名”升序排列。" in html
    assert "Sort by" not in html
    assert 'aria-label="Actions"' not in html


def test_the_menu_badge_text_is_in_chinese(staff_client):
    script = staff_client.get("/admin/jsi18n/").content.decode()

    assert "\\u6b64\\u83dc\\u5355" in script or "此菜单" in script  # （此菜单有 … 项新内容）


def test_the_preview_says_in_chinese_why_it_cannot_show():
    with translation.override("zh-hans"):
        message = translation.gettext(
            "Preview cannot display due to validation errors. <br /> Click save to highlight the relevant fields."
        )

    assert message.startswith("表单中有错误，暂时无法预览。")


def test_a_required_field_without_its_own_message_asks_in_the_portals_words():
    from django import forms

    class Plain(forms.Form):
        name = forms.CharField()

    with translation.override("zh-hans"):
        form = Plain({})
        assert form.errors["name"] == ["请填写此项。"]  # not Wagtail's 必需字段
