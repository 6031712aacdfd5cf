"""The private calendar feed sits outside the language prefixes: its language is the member's."""

from django.urls import path

from .views import feeds

app_name = "calendar"

urlpatterns = [
    path("<str:token>.ics", feeds.member_feed, name="member"),
]
