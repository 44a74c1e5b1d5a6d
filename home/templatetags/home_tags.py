"""Template tags of the public site: the main navigation, pagination and small helpers."""

import copy
import re

from django import template
from django.apps import apps
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar
from wagtail.models import Page, Site

from home.models import PortalSettings
from portal import pagecache
from portal.pages import public
from portal.wagtail_hooks import is_staff_account

register = template.Library()


def _site_root(request):
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page if site else None


def _nav_entries(request) -> tuple:
    """(the site root's pk, [(title, url, tree path)] of its live children shown in menus)."""
    root = _site_root(request)
    if root is None:
        return None, []
    entries = []
    for child in root.get_children().live().in_menu():
        url = child.get_url(request=request)
        if url:
            entries.append((child.title, url, child.path))
    return root.pk, entries


@register.inclusion_tag("home/includes/site_nav.html", takes_context=True)
def site_nav(context):
    """首页, the home page's live children marked "show in menus" in tree order, 证明验证 and
    服务热线 (the number from the site settings)."""
    request = context.get("request")
    current = context.get("page")
    path = request.path if request is not None else ""
    if request is not None:
        # The same on every page until a page is published, moved or unpublished (portal.pagecache).
        root_pk, entries = pagecache.kept(request, f"home.site_nav:{request.get_host()}", lambda: _nav_entries(request))
    else:
        root_pk, entries = _nav_entries(None)
    items = [
        {
            "title": title,
            "url": url,
            "active": (current is not None and current.path.startswith(tree_path)) or path.startswith(url),
        }
        for title, url, tree_path in entries
    ]
    home_active = path == "/" or (current is not None and root_pk is not None and current.pk == root_pk)
    member_active = path.startswith("/member/")
    return {
        "request": request,
        "home_active": home_active,
        "member_active": member_active,
        "verify_active": path.startswith("/verify/"),
        "hotline": PortalSettings.load(request_or_site=request).hotline,
        "items": items,
    }


@register.simple_tag(takes_context=True)
def section_page(context, model_label):
    """The first live page of a model, e.g. {% section_page "notices.NoticeIndexPage" as notices %}.

    Used for "更多" links from the home page to the news and notice lists.
    """
    request = context.get("request")

    def first():
        model = apps.get_model(model_label)
        root = _site_root(request)
        pages = public(model.objects.live())
        if root is not None:
            pages = pages.descendant_of(root)
        return pages.order_by("path").first()

    if request is None:
        return first()
    # The same until a page is published, moved or unpublished (portal.pagecache): two queries
    # and the ORM's work saved on every home page; a copy, so no request changes the kept one.
    page = pagecache.kept(request, f"home.section_page:{model_label}:{request.get_host()}", first)
    return copy.copy(page) if page is not None else None


# What a visitor calls a page type where its verbose name is written for editors.
PAGE_TYPE_NAMES = {
    "home.homepage": "首页",
    "home.standardpage": "页面",
    "notices.newsindexpage": "栏目",
    "notices.noticeindexpage": "栏目",
}


@register.filter
def page_type(page):
    """The human name of a page's type (新闻, 通知公告, 页面...)."""
    if not isinstance(page, Page):
        return ""
    model = page.specific_class or type(page)
    return PAGE_TYPE_NAMES.get(model._meta.label_lower, str(model._meta.verbose_name))


@register.simple_tag
def page_numbers(page_obj, on_each_side=2, on_ends=1):
    """Page numbers around the current one; None marks a gap (shown as "…")."""
    ellipsis = page_obj.paginator.ELLIPSIS
    return [
        None if n == ellipsis else n
        for n in page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=on_each_side, on_ends=on_ends)
    ]


@register.filter
def file_extension(document):
    """A document's extension in capitals (PDF, DOCX), or an empty string."""
    ext = getattr(document, "file_extension", "") or ""
    return ext.upper()


TIME_RANGE = re.compile(r"(?:上午|中午|下午|晚上)?\d{1,2}[:：]\d{2}\s*[-–—~～至到]\s*\d{1,2}[:：]\d{2}")


@register.filter
def time_ranges(text):
    """The service hours with each time range (9:00-11:30) kept on one line."""
    escaped = conditional_escape(text or "")
    return mark_safe(TIME_RANGE.sub(lambda m: f'<span class="time-range">{m.group(0)}</span>', escaped))


@register.simple_tag(takes_context=True)
def staff_userbar(context, position="bottom-right"):
    """Wagtail's userbar for staff. A member's account never reaches the admin, so for members it
    is not asked: its permission check costs two queries on every page a member opens."""
    user = getattr(context.get("request"), "user", None)
    if user is None or not is_staff_account(user):
        return ""
    return wagtailuserbar(context, position)
