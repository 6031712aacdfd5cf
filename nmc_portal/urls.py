from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("status", views.status, name="status"),
    path("calendar/", include("events.feed_urls")),  # a member's private feed, in their own language
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path(_("accessibility/"), views.accessibility, name="accessibility"),
    path(_("accessibility/report-sent/"), views.accessibility_report_sent, name="accessibility_report_sent"),
    path(_("terms/"), views.terms, name="terms"),
    path(_("contact/"), views.contact, name="contact"),
    path("accounts/", include("members.account_urls")),
    path("accounts/", include("allauth.urls")),
    path("members/", include("members.urls")),
    path("", include("members.directory_urls")),  # its paths are translated in members' catalogue
    path(_("events/"), include("surveys.urls")),  # before events: its paths sit among the events' paths
    path(_("events/"), include("events.urls")),
    path(_("communities/"), include("communities.urls")),
    path(_("articles/"), include("communities.article_urls")),
    path(_("library/"), include("search.urls")),  # the search keeps its address under the library's
    path(_("library/"), include("learning.urls")),
    path("admin/", admin.site.urls),
)
