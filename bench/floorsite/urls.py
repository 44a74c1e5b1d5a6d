from django.contrib.auth.models import Permission
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path


def hello(request):
    return HttpResponse("Hello, world.")


def template_page(request):
    """A page of twenty rows from one query, through a template: the floor of a personalised page."""
    rows = Permission.objects.select_related("content_type").order_by("pk")[:20]
    return render(request, "floor.html", {"rows": rows})


urlpatterns = [path("hello/", hello), path("page/", template_page)]
