from django.core.paginator import Paginator
from django.shortcuts import render
from wagtail.models import Page

SEARCH_PAGE_SIZE = 10


def search(request):
    query = request.GET.get("q", "").strip()[:100]
    results = Page.objects.live().public().specific().search(query) if query else Page.objects.none()
    page = Paginator(results, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "home/search.html", {"query": query, "results": page})
