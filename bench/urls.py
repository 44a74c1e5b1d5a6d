"""The portal's URLs plus the floor: the cheapest view the full middleware stack can serve."""

from django.http import HttpResponse
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns

FLOOR_PATH = "/__bench__/floor/"


def floor(request):
    return HttpResponse("ok")


urlpatterns = [path(FLOOR_PATH.strip("/") + "/", floor, name="bench_floor"), *portal_urlpatterns]
