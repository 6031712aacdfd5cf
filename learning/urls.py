from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "learning"

urlpatterns = [
    path("", views.library, name="library"),
    path(_("new/"), views.ResourceCreateView.as_view(), name="create"),
    path(_("tags/"), views.tag_suggestions, name="tag_suggestions"),
    path(_("events/<slug:slug>/"), views.event_resources, name="event_resources"),
    path("<slug:slug>/", views.ResourceDetailView.as_view(), name="detail"),
    path(_("<slug:slug>/download/"), views.DownloadView.as_view(), name="download"),
    path(_("<slug:slug>/edit/"), views.ResourceEditView.as_view(), name="edit"),
    path(_("<slug:slug>/history/"), views.HistoryView.as_view(), name="history"),
    path(_("<slug:slug>/compare/"), views.CompareView.as_view(), name="compare"),
    path(_("<slug:slug>/history/<int:number>/restore/"), views.RestoreView.as_view(), name="restore"),
    path(_("<slug:slug>/useful/"), views.UsefulView.as_view(), name="useful"),
    path(_("<slug:slug>/comments/"), views.CommentView.as_view(), name="comment"),
    path(
        _("<slug:slug>/comments/<int:pk>/report/"), views.CommentReportView.as_view(), name="report_comment"
    ),
    path(_("<slug:slug>/comments/<int:pk>/hide/"), views.CommentHideView.as_view(), name="hide_comment"),
]
