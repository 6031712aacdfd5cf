"""Overrides of allauth's URLs (same names), included before allauth's own."""

from django.urls import path, re_path

from . import account_views

urlpatterns = [
    path("signup/", account_views.SignupView.as_view(), name="account_signup"),
    path("login/", account_views.LoginView.as_view(), name="account_login"),
    path("password/change/", account_views.PasswordChangeView.as_view(), name="account_change_password"),
    path("password/reset/", account_views.PasswordResetView.as_view(), name="account_reset_password"),
    re_path(
        r"^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        account_views.PasswordResetFromKeyView.as_view(),
        name="account_reset_password_from_key",
    ),
]
