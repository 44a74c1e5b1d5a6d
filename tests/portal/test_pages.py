"""portal.pages.public: Wagtail's .public() in one query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from portal.pages import public

pytestmark = pytest.mark.django_db


def child(parent, title):
    return parent.add_child(instance=Page(title=title, slug=title))


@pytest.fixture
def tree():
    root = Page.get_first_root_node()
    open_section, closed_section = child(root, "open"), child(root, "closed")
    pages = {
        "open": open_section,
        "open-child": child(open_section, "open-child"),
        "closed": closed_section,
        "closed-child": child(closed_section, "closed-child"),
    }
    pages["closed-grandchild"] = child(pages["closed-child"], "closed-grandchild")
    # "closed" is a prefix of "closedx" in titles, never in treebeard paths: a sibling stays public.
    pages["sibling"] = child(root, "closedx")
    PageViewRestriction.objects.create(page=closed_section, restriction_type=PageViewRestriction.LOGIN)
    return pages


def test_it_leaves_out_a_restricted_page_and_everything_under_it(tree):
    slugs = set(public(Page.objects.all()).values_list("slug", flat=True))

    assert {"open", "open-child", "closedx"} <= slugs
    assert not slugs & {"closed", "closed-child", "closed-grandchild"}


def test_it_agrees_with_wagtails_public(tree):
    PageViewRestriction.objects.create(
        page=tree["open-child"], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )

    assert set(public(Page.objects.all())) == set(Page.objects.public())


def test_it_is_one_query(tree):
    with CaptureQueriesContext(connection) as queries:
        list(public(Page.objects.live()))

    assert len(queries) == 1
