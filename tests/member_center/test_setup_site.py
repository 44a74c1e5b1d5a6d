"""setup_site: a real site on an empty database (after migrate), through the steps the apps
register with `register_site_setup`; no demo people, and safe to run again. (That the core
imports no feature app for it: tests/portal/test_import_graph.py.)"""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail import hooks
from wagtail.models import Page, Revision, Site

from certificates.models import CertificateApplication, CertificateSettings, CertificateType, ReviewMode
from home.models import HomePage, StandardPage, WorkItem
from member_center.models import Firm, Lawyer, User
from member_center.roles import staff_roles
from member_center.tickets.models import Ticket
from notices.models import NewsIndexPage, NewsPage, NoticeIndexPage, NoticePage, OfficialDocument

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def setup_site(*args) -> str:
    out = io.StringIO()
    call_command("setup_site", *args, stdout=out)
    return out.getvalue()


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    models = (Page, Revision, Site, CertificateType, Group, Group.permissions.through, User, Firm, Lawyer)
    return {model.__name__: model.objects.count() for model in models}


def test_the_apps_register_their_steps_in_order():
    steps = [f"{fn.__module__}.{fn.__name__}" for fn in hooks.get_hooks("register_site_setup")]

    assert steps == [
        "member_center.setup.setup_roles",
        "home.setup.setup_site",
        "certificates.setup.setup_site",
        "activities.setup.setup_site",
        "member_center.setup.setup_site_address",
    ]


def test_setup_site_builds_the_page_tree_the_types_and_the_roles():
    out = setup_site()

    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert not Page.objects.filter(title__startswith="Welcome").exists()
    children = {page.slug: page.specific for page in home.get_children().live()}
    assert isinstance(children["news"], NewsIndexPage)
    assert isinstance(children["notices"], NoticeIndexPage)
    assert isinstance(children["about"], StandardPage) and isinstance(children["faq"], StandardPage)
    assert "activities" in children
    assert CertificateType.objects.filter(active=True).count() == 11
    assert set(CertificateType.objects.values_list("review_mode", flat=True)) == {ReviewMode.SYSTEM, ReviewMode.MANUAL}
    for role, names in staff_roles().items():
        granted = Group.objects.get(name=role).permissions.values_list("content_type__app_label", "codename")
        assert set(names) <= {f"{app_label}.{codename}" for app_label, codename in granted}
    assert "Site set up: 6 个页面, 11 种证明类型, 页面“活动”." in out


def test_setup_site_creates_no_demo_content():
    setup_site()

    assert not Firm.objects.exists() and not Lawyer.objects.exists()
    assert not User.objects.exists()
    assert not Ticket.objects.exists() and not OfficialDocument.objects.exists()
    assert not CertificateApplication.objects.exists()
    assert not NewsPage.objects.exists() and not NoticePage.objects.exists()
    assert not WorkItem.objects.exists()
    assert CertificateSettings.load().seal_image is None


def test_a_second_run_changes_nothing_and_says_so():
    setup_site()
    before = counts()

    out = setup_site()

    assert counts() == before
    assert out.startswith("Site already set up: nothing changed.")


def test_setup_site_says_what_staff_must_do_next():
    out = setup_site()

    assert "网站设置" in out and "协会名称" in out and "服务热线" in out
    assert "电子证明设置" in out and "印章" in out
    assert "createsuperuser" in out and "--staff-user" in out
    assert "名册导入" in out and "试运行" in out and "确认导入" in out


def test_staff_user_option_creates_a_superuser_once(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-first-password")

    out = setup_site("--staff-user", "chen", "--staff-email", "chen@example.cn")
    again = setup_site("--staff-user", "chen")

    user = User.objects.get(username="chen")
    assert user.is_staff and user.is_superuser and user.check_password("a-long-first-password")
    assert "员工账号 chen" in out and "createsuperuser" not in out
    assert again.startswith("Site already set up: nothing changed.")


def test_staff_user_without_a_password_must_set_one(monkeypatch):
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)

    out = setup_site("--staff-user", "chen")

    assert not User.objects.get(username="chen").has_usable_password()
    assert "changepassword chen" in out


def test_the_site_answers_on_portal_base_url(settings):
    settings.PORTAL_BASE_URL = "https://portal.example.cn"

    setup_site()

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("portal.example.cn", 443)


def test_the_public_site_works_afterwards(client):
    setup_site()

    assert client.get("/").status_code == 200
    assert client.get("/faq/").status_code == 200
    assert client.get("/verify/").status_code == 200
    response = client.get("/verify/", {"number": "20260101000001", "code": "ABCDEFGH"})
    assert response.status_code == 200


def test_seed_demo_after_setup_site(private_media):
    setup_site()

    out = seed()

    assert out.startswith("Demo data ready:")
    assert HomePage.objects.count() == 1
    assert CertificateType.objects.count() == 11
    assert NewsPage.objects.exists() and Lawyer.objects.exists()


def test_setup_site_after_seed_demo(private_media):
    seed()
    before = counts()

    out = setup_site()

    assert counts() == before
    assert out.startswith("Site already set up: nothing changed.")
    assert "createsuperuser" not in out and "名册导入" not in out
