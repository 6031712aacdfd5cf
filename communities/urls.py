from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "communities"

urlpatterns = [
    path("", views.community_list, name="list"),
    path(_("moderation-log/"), views.all_logs, name="all_logs"),
    path(_("moderation-log.csv"), views.all_logs, {"as_csv": True}, name="all_logs_csv"),
    path(
        _("weekly-digest/unsubscribe/<str:token>/"),
        views.DigestUnsubscribeView.as_view(),
        name="digest_unsubscribe",
    ),
    path("<slug:slug>/", views.CommunityDetailView.as_view(), name="detail"),
    path(_("<slug:slug>/join/"), views.JoinView.as_view(), name="join"),
    path(_("<slug:slug>/leave/"), views.LeaveView.as_view(), name="leave"),
    path(_("<slug:slug>/threads/new/"), views.ThreadCreateView.as_view(), name="thread_create"),
    path(_("<slug:slug>/threads/<int:pk>/"), views.ThreadView.as_view(), name="thread"),
    path(_("<slug:slug>/threads/<int:pk>/reply/"), views.ReplyCreateView.as_view(), name="reply_create"),
    path(
        _("<slug:slug>/threads/<int:pk>/edit/"), views.EditPostView.as_view(kind="thread"), name="thread_edit"
    ),
    path(
        _("<slug:slug>/replies/<int:pk>/edit/"), views.EditPostView.as_view(kind="reply"), name="reply_edit"
    ),
    path(
        _("<slug:slug>/threads/<int:pk>/translate/"),
        views.TranslatePostView.as_view(kind="thread"),
        name="thread_translate",
    ),
    path(
        _("<slug:slug>/replies/<int:pk>/translate/"),
        views.TranslatePostView.as_view(kind="reply"),
        name="reply_translate",
    ),
    path(
        _("<slug:slug>/threads/<int:pk>/report/"),
        views.ReportView.as_view(kind="thread"),
        name="thread_report",
    ),
    path(
        _("<slug:slug>/replies/<int:pk>/report/"), views.ReportView.as_view(kind="reply"), name="reply_report"
    ),
    path(_("<slug:slug>/moderation/"), views.ModerationQueueView.as_view(), name="moderation"),
    path(
        _("<slug:slug>/moderation/requests/<int:pk>/"),
        views.DecideRequestView.as_view(),
        name="decide_request",
    ),
    path(
        _("<slug:slug>/moderation/threads/<int:pk>/"),
        views.ModerateItemView.as_view(kind="thread"),
        name="moderate_thread",
    ),
    path(
        _("<slug:slug>/moderation/replies/<int:pk>/"),
        views.ModerateItemView.as_view(kind="reply"),
        name="moderate_reply",
    ),
    path(
        _("<slug:slug>/moderation/suspensions/<int:pk>/lift/"),
        views.LiftSuspensionView.as_view(),
        name="lift_suspension",
    ),
    path(_("<slug:slug>/moderation/log/"), views.CommunityLogView.as_view(), name="log"),
    path(_("<slug:slug>/moderation/log.csv"), views.CommunityLogView.as_view(as_csv=True), name="log_csv"),
]
