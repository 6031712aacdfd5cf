"""The events pages. Every organizer page of one event sits under one translated `manage/<slug>/`."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from .views import (
    attendance,
    builder,
    certificates,
    dashboard,
    emails,
    feeds,
    messages,
    preferences,
    public,
    registration,
    roster,
)
from .views.offers import OfferView

app_name = "events"

manage_patterns = [
    path("", builder.BuilderView.as_view(), name="builder"),
    path(_("dashboard/"), dashboard.DashboardView.as_view(), name="dashboard"),
    path(_("edit/"), builder.EventEditView.as_view(), name="edit"),
    path(_("rooms/new/"), builder.RoomAddView.as_view(), name="room_add"),
    path(_("rooms/<int:pk>/edit/"), builder.RoomEditView.as_view(), name="room_edit"),
    path(_("rooms/<int:pk>/remove/"), builder.RoomRemoveView.as_view(), name="room_remove"),
    path(_("cancel/"), builder.EventCancelView.as_view(), name="cancel"),
    path(_("sessions/new/"), builder.SessionAddView.as_view(), name="session_add"),
    path(_("sessions/<int:pk>/edit/"), builder.SessionEditView.as_view(), name="session_edit"),
    path(_("sessions/<int:pk>/move/"), builder.SessionMoveView.as_view(), name="session_move"),
    path(_("sessions/<int:pk>/remove/"), builder.SessionRemoveView.as_view(), name="session_remove"),
    path(_("sessions/<int:pk>/speakers/"), builder.SpeakerAddView.as_view(), name="speaker_add"),
    path(_("speakers/<int:pk>/remove/"), builder.SpeakerRemoveView.as_view(), name="speaker_remove"),
    path(_("copy/"), builder.EventCopyView.as_view(), name="copy"),
    path(_("publish/"), builder.PublishView.as_view(), name="publish"),
    path(_("unpublish/"), builder.UnpublishView.as_view(), name="unpublish"),
    path(_("registrations/"), roster.RegistrationsView.as_view(), name="registrations"),
    path(_("registrations/export.csv"), roster.RegistrationsCsvView.as_view(), name="registrations_csv"),
    path(
        _("registrations/<int:pk>/cancel/"),
        roster.CancelRegistrationForView.as_view(),
        name="registration_cancel_for",
    ),
    path(_("workshops/<int:pk>/"), roster.RosterView.as_view(), name="roster"),
    path(_("choices/<int:pk>/move/"), roster.MoveChoiceView.as_view(), name="choice_move"),
    path(_("choices/<int:pk>/cancel/"), roster.CancelChoiceForView.as_view(), name="choice_cancel_for"),
    path(
        _("registrations/<int:pk>/certificate/"),
        certificates.ReissueCertificateView.as_view(),
        name="certificate_reissue",
    ),
    path(_("check-in/<uuid:code>/"), roster.CheckInView.as_view(), name="check_in"),
    path(_("check-in/count/"), roster.CheckInCountView.as_view(), name="check_in_count"),
    path(_("attendance/"), attendance.AttendanceIndexView.as_view(), name="attendance"),
    path(_("attendance/<int:pk>/"), attendance.AttendanceRosterView.as_view(), name="attendance_roster"),
    path(_("attendance/<int:pk>/ticket/"), attendance.MarkByTicketView.as_view(), name="attendance_ticket"),
    path(
        _("attendance/<int:pk>/mark/<int:registration>/"),
        attendance.MarkView.as_view(),
        name="attendance_mark",
    ),
    path(
        _("attendance/<int:pk>/undo/<int:registration>/"),
        attendance.UndoView.as_view(),
        name="attendance_undo",
    ),
    path(_("helpers/"), attendance.HelpersView.as_view(), name="helpers"),
    path(_("helpers/<int:pk>/remove/"), attendance.HelperRemoveView.as_view(), name="helper_remove"),
    path(_("message/"), messages.MessageView.as_view(), name="message"),
    path(_("message/<int:pk>/"), messages.MessageDetailView.as_view(), name="message_detail"),
    path(_("message/<int:pk>/edit/"), messages.MessageEditView.as_view(), name="message_edit"),
    path(_("message/<int:pk>/send/"), messages.MessageSendView.as_view(), name="message_send"),
    path(_("message/<int:pk>/test/"), messages.MessageTestView.as_view(), name="message_test"),
    path(_("emails/"), emails.EmailsView.as_view(), name="emails"),
    path(_("preference-round/"), preferences.PreferenceRoundView.as_view(), name="preference_round"),
]

urlpatterns = [
    path("", public.event_list, name="list"),
    path("feed.ics", feeds.public_calendar, name="feed_ics"),
    path("feed.json", feeds.public_json, name="feed_json"),
    path(_("certificates/"), certificates.lookup_certificate, name="certificate_lookup"),
    path(_("certificates/<str:code>/"), certificates.verify_certificate, name="certificate_verify"),
    path(_("manage/"), builder.my_events, name="manage"),
    path(_("manage/new/"), builder.EventCreateView.as_view(), name="create"),
    path(_("manage/<slug:slug>/"), include(manage_patterns)),
    path(_("my-events/"), registration.my_registrations, name="mine"),
    path(_("offers/<uuid:token>/"), OfferView.as_view(), name="offer"),
    path("<slug:slug>/", public.EventDetailView.as_view(), name="detail"),
    path(_("<slug:slug>/register/"), registration.RegisterView.as_view(), name="register"),
    path(_("<slug:slug>/workshops/"), registration.WorkshopsView.as_view(), name="workshops"),
    path(_("<slug:slug>/workshops/rank/"), preferences.RankWorkshopsView.as_view(), name="rank_workshops"),
    path(
        _("<slug:slug>/workshops/<int:pk>/cancel/"),
        registration.CancelWorkshopView.as_view(),
        name="workshop_cancel",
    ),
    path(
        _("<slug:slug>/registration/cancel/"),
        registration.CancelRegistrationView.as_view(),
        name="registration_cancel",
    ),
    path(_("<slug:slug>/ticket/"), registration.TicketView.as_view(), name="ticket"),
    path(_("<slug:slug>/certificate.pdf"), certificates.CertificateView.as_view(), name="certificate"),
    path("<slug:slug>/my-agenda.ics", registration.MyAgendaCalendarView.as_view(), name="my_ics"),
    path(_("<slug:slug>/agenda/"), public.AgendaView.as_view(), name="agenda"),
    path(_("<slug:slug>/sessions/<int:pk>/"), public.SessionDetailView.as_view(), name="session"),
    path("<slug:slug>/calendar.ics", public.EventCalendarView.as_view(), name="ics"),
]
