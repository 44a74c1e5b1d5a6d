"""近期会员系统首要工作项目 (manual 002 §1.3): editors list the association's current campaigns
(信息采集, 年度考核 …) with deadlines; the member centre's home page shows them."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from home.demo import WORK_ITEMS, create_work_items
from home.models import WorkItem
from member_center import roles
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db

DASHBOARD_URL = "/member/"
TODAY = datetime.date(2026, 6, 1)


def work_items(client) -> str:
    html = client.get(DASHBOARD_URL).content.decode()
    return re.search(r'<section class="mc-card" aria-labelledby="work-items-title">.*?</section>', html, re.S).group(0)


def item(title, deadline=None, **fields):
    return WorkItem.objects.create(title=title, deadline=deadline, **fields)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime(2026, 6, 1, 10, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.mark.parametrize("member_client", ["lawyer_client", "firm_client"])
def test_members_see_the_campaigns_with_deadline_summary_and_link(request, member_client):
    item(
        "会员信息采集（信息补全）",
        datetime.date(2026, 6, 30),
        summary="请于截止日期前完成信息补全。",
        link="/notices/member-profile-completion/",
    )

    html = work_items(request.getfixturevalue(member_client))

    assert "近期会员系统首要工作项目" in html
    assert '<a href="/notices/member-profile-completion/">会员信息采集（信息补全）</a>' in html
    assert "请于截止日期前完成信息补全。" in html
    assert "截止日期：" in html and "2026年06月30日" in html
    assert "已截止" not in html


def test_without_campaigns_the_area_says_so(lawyer_client):
    assert "暂无首要工作项目" in work_items(lawyer_client)


def test_a_hidden_campaign_is_not_shown(lawyer_client):
    item("年度考核", datetime.date(2026, 6, 30), show=False)

    assert "年度考核" not in work_items(lawyer_client)


def test_a_campaign_past_its_deadline_is_marked_closed_and_listed_after_the_open_ones(lawyer_client):
    item("意见征集", datetime.date(2026, 5, 25), sort_order=1)
    item("年度考核", datetime.date(2026, 7, 31), sort_order=50)

    html = work_items(lawyer_client)

    assert html.index("年度考核") < html.index("意见征集")
    assert re.search(r"意见征集.*已截止", html, re.S)
    assert not re.search(r"年度考核.*已截止.*意见征集", html, re.S)


def test_a_campaign_closed_more_than_thirty_days_ago_is_no_longer_shown(lawyer_client):
    item("去年的年度考核", TODAY - datetime.timedelta(days=31))
    item("刚结束的意见征集", TODAY - datetime.timedelta(days=30))

    html = work_items(lawyer_client)

    assert "去年的年度考核" not in html
    assert "刚结束的意见征集" in html


def test_open_campaigns_follow_the_editors_order(lawyer_client):
    item("排在后面", datetime.date(2026, 6, 10), sort_order=20)
    item("排在前面", datetime.date(2026, 8, 10), sort_order=10)
    item("没有截止日期", sort_order=15)

    html = work_items(lawyer_client)

    assert html.index("排在前面") < html.index("没有截止日期") < html.index("排在后面")


def test_editors_manage_campaigns_in_the_admin_in_chinese(client):
    roles.ensure_staff_groups()
    client.force_login(StaffUserFactory(roles=[roles.CONTENT_EDITORS]))
    item("年度考核", datetime.date(2026, 7, 31))

    response = client.get(reverse("wagtailsnippets_home_workitem:list"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "首要工作项目" in html
    assert "年度考核" in html
    assert "截止日期" in html and "是否显示" in html


def test_the_demo_adds_the_campaigns_once():
    create_work_items()
    create_work_items()

    assert WorkItem.objects.count() == len(WORK_ITEMS)
    assert WorkItem.objects.filter(deadline__gte=TODAY).count() >= 2
    assert WorkItem.objects.filter(deadline__lt=TODAY).exists()  # one shows as 已截止
