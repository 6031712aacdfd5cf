"""The member directory, included at the root of the language prefix: its paths are translated here."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import directory_views

app_name = "directory"

urlpatterns = [
    path(_("directory/"), directory_views.directory_search, name="search"),
    path(_("directory/<int:pk>/"), directory_views.profile, name="profile"),
]
