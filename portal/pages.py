"""Wagtail page queries in one query each.

Wagtail's `PageQuerySet.public()` first reads every PageViewRestriction to build its filter: one
more query per listing, four on the home page. `public()` here says the same in SQL, as a
correlated subquery: a page is private when a restriction sits on it or on one of its ancestors,
i.e. on a page whose path is a prefix of its own (treebeard's materialised path)."""

from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from wagtail.models import Page, PageViewRestriction


def public(queryset):
    """`queryset.public()` without the extra query."""
    restricted = PageViewRestriction.objects.filter(page__path=Substr(OuterRef("path"), 1, Length("page__path")))
    return queryset.exclude(Exists(restricted))


class PortalPage(Page):
    """Every page type of the portal. The page a request is routed to may be one the process keeps
    (portal.pagecache.KeptSiteMiddleware) with its view restrictions read once: Wagtail's check of
    who may see it (`check_view_restrictions`, on every request) then asks no query."""

    class Meta:
        abstract = True

    def keep_view_restrictions(self, restrictions: list) -> None:
        self._kept_view_restrictions = restrictions

    def get_view_restrictions(self):
        kept = self.__dict__.get("_kept_view_restrictions")
        return super().get_view_restrictions() if kept is None else kept
