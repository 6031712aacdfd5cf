from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "search"

# Mounted under the library's path (nmc_portal/urls.py): the search keeps its address, /en/library/search/.
urlpatterns = [
    path(_("search/"), views.search, name="search"),
]
