import re

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from wagtail.models import Page

from portal.pagecache import for_visitors

SEARCH_PAGE_SIZE = 10
SEARCH_LIMIT = 200
CJK_RE = re.compile(r"[\u3400-\u9fff]")


@for_visitors  # results follow the published pages, which replace every kept copy
def search(request):
    query = request.GET.get("q", "").strip()[:100]
    results = Page.objects.none()
    if query:
        # Wagtail's own .public(), not portal.pages.public: the search backends read a
        # queryset's filters field by field and cannot take its subquery.
        pages = Page.objects.live().public()
        ids = [page.pk for page in pages.search(query)[:SEARCH_LIMIT]]
        if CJK_RE.search(query):
            # Wagtail's database backend splits words on spaces and punctuation only, so a Chinese
            # word inside a longer title is one token it never matches: look inside the text too.
            ids += pages.filter(
                Q(title__icontains=query)
                | Q(newspage__summary__icontains=query)
                | Q(noticepage__summary__icontains=query)
                | Q(standardpage__intro__icontains=query)
            ).values_list("pk", flat=True)[:SEARCH_LIMIT]
        results = Page.objects.filter(pk__in=set(ids)).specific().order_by("-first_published_at", "-pk")
    page = Paginator(results, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "home/search.html", {"query": query, "results": page})
