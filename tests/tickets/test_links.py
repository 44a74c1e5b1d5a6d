"""Every “通过工单系统反馈” is a link to 创建问题 with the 问题类别 and a line of context filled in."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.template import Context, Template
from django.urls import reverse

from member_center.tickets.links import new_ticket_url
from tests.factories import LawyerFactory

pytestmark = pytest.mark.django_db


def query_of(url):
    parts = urlsplit(url)
    assert parts.path == reverse("tickets:create")
    return {key: values[0] for key, values in parse_qs(parts.query).items()}


def links_in(page: str) -> list[dict]:
    create = reverse("tickets:create")
    found = []
    for chunk in page.split('href="')[1:]:
        url = chunk.split('"', 1)[0].replace("&amp;", "&")
        if url.startswith(create):
            found.append(query_of(url))
    return found


def test_the_url_takes_a_category_by_label_or_value():
    assert query_of(new_ticket_url("执业机构不对", "信息补全")) == {"category": "firm", "context": "信息补全"}
    assert query_of(new_ticket_url("photo")) == {"category": "photo"}
    assert new_ticket_url() == reverse("tickets:create")


def test_the_tag_fills_the_context_from_what_the_page_holds():
    html = Template(
        '{% load tickets %}{% ticket_link "律师列表名单不对" context="新增律师 {name}（执业证号 {licence_no}）" name=name licence_no=no %}'
    ).render(Context({"name": "何家豪", "no": "14401200110000099"}))
    assert ">提交工单</a>" in html
    [query] = links_in(html)
    assert query == {"category": "roster", "context": "新增律师 何家豪（执业证号 14401200110000099）"}


def test_the_firms_lawyer_list_links_to_a_roster_ticket(firm_client):
    page = firm_client.get(reverse("certificates:lawyer_list")).content.decode()
    assert {"category": "roster", "context": "律师列表"} in links_in(page)


def test_the_refused_new_lawyer_carries_the_licence_number(firm_client):
    existing = LawyerFactory()
    data = {
        "name": "何家豪",
        "gender": "male",
        "licence_no": existing.licence_no,
        "id_number": "440106199001011239",
        "practice_type": "full_time",
        "firm_role": "lawyer",
    }
    page = firm_client.post(reverse("certificates:lawyer_add"), data).content.decode()
    assert "已存在于律师名册中" in page
    assert {
        "category": "roster",
        "context": f"新增律师 何家豪（执业证号 {existing.licence_no}）提示已存在于律师名册中",
    } in links_in(page)


def test_the_wizards_first_step_links_to_a_ticket(lawyer_client):
    page = lawyer_client.get(reverse("profiles:basic_step", args=["practice"]), follow=True).content.decode()
    assert {"category": "firm", "context": "信息补全 · 第1步 执业信息"} in links_in(page)
