"""A URL conf whose one page fails, to see the 500 page a person gets."""

from django.urls import path


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [path("broken/", broken)]
