"""The page 活动 under the home page, which every site needs (sign-ups live under it); shared
by setup_site and seed_demo (activities/demo.py adds the demo activities)."""

from wagtail.models import Page

from .models import ActivityIndexPage


def ensure_index_page(home: Page) -> ActivityIndexPage:
    """The one ActivityIndexPage, created and published under `home` if there is none."""
    index = ActivityIndexPage.objects.first()
    if index is not None:
        return index
    index = home.add_child(
        instance=ActivityIndexPage(
            title="活动",
            slug="activities",
            show_in_menus=True,
            intro="协会举办的培训、讲座和交流活动。会员请登录会员中心报名。",
        )
    )
    index.save_revision(log_action=True).publish()
    return index


def setup_site(setup: dict) -> list[str]:
    """The `register_site_setup` step (see member_center/setup.py): needs setup["home"]."""
    home = setup.get("home") or Page.objects.filter(depth=2).first()
    if home is None or ActivityIndexPage.objects.exists():
        return []
    ensure_index_page(home.specific)
    return ["页面“活动”"]
