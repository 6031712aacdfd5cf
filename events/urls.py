from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path(_("manage/"), views.my_events, name="manage"),
    path(_("manage/new/"), views.EventCreateView.as_view(), name="create"),
    path(_("manage/<slug:slug>/"), views.BuilderView.as_view(), name="builder"),
    path(_("manage/<slug:slug>/edit/"), views.EventEditView.as_view(), name="edit"),
    path(_("manage/<slug:slug>/rooms/new/"), views.RoomAddView.as_view(), name="room_add"),
    path(_("manage/<slug:slug>/sessions/new/"), views.SessionAddView.as_view(), name="session_add"),
    path(
        _("manage/<slug:slug>/sessions/<int:pk>/edit/"), views.SessionEditView.as_view(), name="session_edit"
    ),
    path(
        _("manage/<slug:slug>/sessions/<int:pk>/move/"), views.SessionMoveView.as_view(), name="session_move"
    ),
    path(
        _("manage/<slug:slug>/sessions/<int:pk>/remove/"),
        views.SessionRemoveView.as_view(),
        name="session_remove",
    ),
    path(
        _("manage/<slug:slug>/sessions/<int:pk>/speakers/"),
        views.SpeakerAddView.as_view(),
        name="speaker_add",
    ),
    path(
        _("manage/<slug:slug>/speakers/<int:pk>/remove/"),
        views.SpeakerRemoveView.as_view(),
        name="speaker_remove",
    ),
    path(_("manage/<slug:slug>/copy/"), views.EventCopyView.as_view(), name="copy"),
    path(_("manage/<slug:slug>/publish/"), views.PublishView.as_view(), name="publish"),
    path(_("manage/<slug:slug>/unpublish/"), views.UnpublishView.as_view(), name="unpublish"),
    path("<slug:slug>/", views.EventDetailView.as_view(), name="detail"),
    path(_("<slug:slug>/agenda/"), views.AgendaView.as_view(), name="agenda"),
    path(_("<slug:slug>/sessions/<int:pk>/"), views.SessionDetailView.as_view(), name="session"),
    path("<slug:slug>/calendar.ics", views.EventCalendarView.as_view(), name="ics"),
]
