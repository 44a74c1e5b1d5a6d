"""The page tree of the benchmark site.

home.demo.create_page_tree builds the demo site when it exists; until then (or if it fails)
the benchmark builds a minimal tree itself: a HomePage at the site root, a 通知公告 index
with 30 notices and an empty 新闻动态 index.
"""

import datetime
import inspect

from django.db import transaction
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from home.models import HomePage
from notices.models import NewsIndexPage, NoticeIndexPage, NoticePage

NOTICE_COUNT = 30

NOTICE_TITLES = (
    "关于开展{year}年度律师执业年度考核工作的通知",
    "关于缴纳{year}年度会费的通知",
    "关于举办{year}年第{n}期申请律师执业人员集中培训的通知",
    "关于公布{year}年度优秀律师事务所评选结果的公告",
    "关于律师事务所年度检查考核材料报送事宜的通知",
    "关于调整会员服务大厅办公时间的公告",
)


def create_page_tree() -> str:
    """Build the site's pages; return which builder made them."""
    try:
        from home.demo import create_page_tree as demo_page_tree
    except ImportError:
        demo_page_tree = None
    if demo_page_tree is not None:
        required = [
            p
            for p in inspect.signature(demo_page_tree).parameters.values()
            if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
        ]
        if not required:
            try:
                with transaction.atomic():
                    demo_page_tree()
                if HomePage.objects.exists():
                    return "home.demo.create_page_tree"
            except Exception as exc:  # the demo tree may be mid-change: fall back
                return _minimal_tree(note=f"home.demo.create_page_tree failed ({type(exc).__name__}: {exc})")
        return _minimal_tree(note="home.demo.create_page_tree needs arguments")
    return _minimal_tree(note="home/demo.py not found")


@transaction.atomic
def _minimal_tree(note: str) -> str:
    root = Page.get_first_root_node()
    # Wagtail's own migration leaves a "Welcome" page under the root; the HomePage replaces it.
    for page in root.get_children().exclude(content_type__model="homepage"):
        page.delete()
    home = HomePage.objects.first()
    if home is None:
        home = root.add_child(
            instance=HomePage(
                title="广州市律师协会",
                slug="home",
                banner_title="会员服务平台",
                banner_subtitle="执业服务 · 会员服务 · 行业资讯",
                body=[
                    ("heading", "协会简介"),
                    ("paragraph", RichText("<p>广州市律师协会是全市律师的自律性组织，依法对律师行业实施管理。</p>")),
                ],
            )
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()

    notices = home.add_child(
        instance=NoticeIndexPage(title="通知公告", slug="notices", intro="协会发布的各类通知与公告。")
    )
    # No news at all: the news index is the empty list page on purpose.
    home.add_child(instance=NewsIndexPage(title="新闻动态", slug="news", intro="协会新闻。"))
    today = datetime.date(2026, 11, 22)
    for n in range(NOTICE_COUNT):
        date = today - datetime.timedelta(days=7 * n)
        title = NOTICE_TITLES[n % len(NOTICE_TITLES)].format(year=date.year, n=n % 4 + 1)
        notices.add_child(
            instance=NoticePage(
                title=title,
                slug=f"notice-{n + 1}",
                date=date,
                summary="请各律师事务所及全体会员按通知要求，在规定时间内完成相关工作。",
                body=[
                    ("heading", "一、工作安排"),
                    ("paragraph", RichText("<p>各律师事务所应于规定期限内通过会员服务平台提交材料。</p>" * 3)),
                    ("heading", "二、联系方式"),
                    ("paragraph", RichText("<p>会员部联系电话：020-83550600。</p>")),
                ],
            )
        )
    return f"bench's minimal tree ({note})"
