"""The portal's URLs plus the minimal view every benchmark compares with."""

from django.http import HttpResponse
from django.urls import path

from nmc_portal.urls import urlpatterns as portal_urlpatterns


def minimal(request):
    """The floor: the whole middleware stack, no template, no query of our own."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/minimal/", minimal), *portal_urlpatterns]
