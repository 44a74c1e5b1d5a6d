"""Activities for the tests: an ActivityPage under the one 活动 index, with its windows placed
around a fixed moment so a test can travel to each boundary (time-machine)."""

import datetime
from decimal import Decimal

from django.utils import timezone
from wagtail.models import Page

from activities import services
from activities.models import ActivityIndexPage, ActivityPage

# Sign-up opens 10 days before NOW + 1 day, closes at CLOSES, the activity starts two days later.
NOW = timezone.make_aware(datetime.datetime(2026, 4, 20, 10, 0))
OPENS = timezone.make_aware(datetime.datetime(2026, 4, 19, 0, 0))
CLOSES = timezone.make_aware(datetime.datetime(2026, 4, 28, 0, 0))
STARTS = timezone.make_aware(datetime.datetime(2026, 4, 30, 9, 0))
ENDS = STARTS + datetime.timedelta(hours=4)
SCOPE = ",full_time,law_firm,trainee,"


def index_page() -> ActivityIndexPage:
    index = ActivityIndexPage.objects.first()
    if index is None:
        index = Page.get_first_root_node().add_child(instance=ActivityIndexPage(title="活动", slug="activities"))
    return index


def make_activity(title="test1", **fields) -> ActivityPage:
    values = {
        "starts_at": STARTS,
        "ends_at": ENDS,
        "place": "这里是活动地点",
        "organiser": "1",
        "guests": "这是邀请嘉宾",
        "capacity": 100,
        "eligible": SCOPE,
        "signup_opens": OPENS,
        "signup_closes": CLOSES,
        "per_member_limit": 1,
        "signup_notice": "<p>这里是报名须知!</p>",
        "intro": "<p>这里是活动简介!</p>",
        "notes": "<p>这里是注意事项!!!!!!</p>",
        "hours": Decimal("4"),
    }
    values.update(fields)
    page = index_page().add_child(
        instance=ActivityPage(title=title, slug=f"a{ActivityPage.objects.count() + 1}", **values)
    )
    services.ledger_for(page)
    return ActivityPage.objects.select_related("ledger").get(pk=page.pk)


def entry(lawyer, mobile="13916292000"):
    return services.entry_from_roster(lawyer, mobile=mobile)


def sign(activity, lawyer, wait=False):
    [signup] = services.sign_up(activity, lawyer, [entry(lawyer)], wait=wait)
    return signup


def fresh(activity) -> ActivityPage:
    return ActivityPage.objects.select_related("ledger").get(pk=activity.pk)
