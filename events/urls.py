from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import registration_views as signup_views
from . import survey_views, views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path(_("manage/"), views.my_events, name="manage"),
    path(_("manage/new/"), views.EventCreateView.as_view(), name="create"),
    path(_("manage/<slug:slug>/"), views.BuilderView.as_view(), name="builder"),
    path(_("manage/<slug:slug>/edit/"), views.EventEditView.as_view(), name="edit"),
    path(_("manage/<slug:slug>/rooms/new/"), views.RoomAddView.as_view(), name="room_add"),
    path(_("manage/<slug:slug>/rooms/<int:pk>/edit/"), views.RoomEditView.as_view(), name="room_edit"),
    path(_("manage/<slug:slug>/rooms/<int:pk>/remove/"), views.RoomRemoveView.as_view(), name="room_remove"),
    path(_("manage/<slug:slug>/cancel/"), views.EventCancelView.as_view(), name="cancel"),
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
    path(
        _("manage/<slug:slug>/registrations/"), signup_views.RegistrationsView.as_view(), name="registrations"
    ),
    path(
        _("manage/<slug:slug>/registrations/export.csv"),
        signup_views.RegistrationsCsvView.as_view(),
        name="registrations_csv",
    ),
    path(
        _("manage/<slug:slug>/registrations/<int:pk>/cancel/"),
        signup_views.CancelRegistrationForView.as_view(),
        name="registration_cancel_for",
    ),
    path(_("manage/<slug:slug>/workshops/<int:pk>/"), signup_views.RosterView.as_view(), name="roster"),
    path(
        _("manage/<slug:slug>/choices/<int:pk>/move/"),
        signup_views.MoveChoiceView.as_view(),
        name="choice_move",
    ),
    path(
        _("manage/<slug:slug>/choices/<int:pk>/cancel/"),
        signup_views.CancelChoiceForView.as_view(),
        name="choice_cancel_for",
    ),
    path(_("manage/<slug:slug>/check-in/<uuid:code>/"), signup_views.CheckInView.as_view(), name="check_in"),
    path(
        _("manage/<slug:slug>/check-in/count/"),
        signup_views.CheckInCountView.as_view(),
        name="check_in_count",
    ),
    path(_("manage/<slug:slug>/message/"), signup_views.MessageView.as_view(), name="message"),
    path(_("manage/<slug:slug>/emails/"), survey_views.EmailsView.as_view(), name="emails"),
    path(_("manage/<slug:slug>/copy/"), views.EventCopyView.as_view(), name="copy"),
    path(_("manage/<slug:slug>/publish/"), views.PublishView.as_view(), name="publish"),
    path(_("manage/<slug:slug>/unpublish/"), views.UnpublishView.as_view(), name="unpublish"),
    path(_("my-events/"), signup_views.my_registrations, name="mine"),
    path("<slug:slug>/", views.EventDetailView.as_view(), name="detail"),
    path(_("<slug:slug>/register/"), signup_views.RegisterView.as_view(), name="register"),
    path(_("<slug:slug>/workshops/"), signup_views.WorkshopsView.as_view(), name="workshops"),
    path(
        _("<slug:slug>/workshops/<int:pk>/cancel/"),
        signup_views.CancelWorkshopView.as_view(),
        name="workshop_cancel",
    ),
    path(
        _("<slug:slug>/registration/cancel/"),
        signup_views.CancelRegistrationView.as_view(),
        name="registration_cancel",
    ),
    path(_("<slug:slug>/ticket/"), signup_views.TicketView.as_view(), name="ticket"),
    path("<slug:slug>/my-agenda.ics", signup_views.MyAgendaCalendarView.as_view(), name="my_ics"),
    path(_("<slug:slug>/agenda/"), views.AgendaView.as_view(), name="agenda"),
    path(_("<slug:slug>/sessions/<int:pk>/"), views.SessionDetailView.as_view(), name="session"),
    path("<slug:slug>/calendar.ics", views.EventCalendarView.as_view(), name="ics"),
]
