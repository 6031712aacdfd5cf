from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "members"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path(_("profile/"), views.profile_edit, name="profile_edit"),
    path(_("calendar/reset/"), views.reset_calendar, name="calendar_reset"),
    path(_("my-data/"), views.export_data, name="export_data"),
    path(_("delete/"), views.delete_account, name="delete_account"),
]
