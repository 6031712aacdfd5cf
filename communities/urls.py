from django.urls import path  # noqa: F401 (filled in by the communities issue)

app_name = "communities"

urlpatterns = []
