from django.urls import path  # noqa: F401 (the events issue fills these in)

app_name = "events"

urlpatterns = []
