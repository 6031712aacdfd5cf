from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.shortcuts import resolve_url
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .rules import is_allowed_email


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up for public servants only, and the portal in the member's own language."""

    def get_client_ip(self, request):
        """The client's address as the trusted proxies saw it (allauth, TRUSTED_PROXY_COUNT); a request
        with fewer X-Forwarded-For entries than proxies (one that bypassed them) counts by its own."""
        try:
            return super().get_client_ip(request)
        except ImproperlyConfigured:
            return request.META.get("REMOTE_ADDR") or "unknown"

    def clean_email(self, email):
        email = super().clean_email(email)
        if not is_allowed_email(email, settings.ALLOWED_EMAIL_DOMAINS):
            domains = ", ".join(settings.ALLOWED_EMAIL_DOMAINS)
            raise ValidationError(
                _("Use your work email: sign-up is open to addresses on %(domains)s and their subdomains.")
                % {"domains": domains},
                code="domain_not_allowed",
            )
        return email.lower()

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.full_name = form.cleaned_data["full_name"]
        user.preferred_language = form.cleaned_data["preferred_language"]
        if commit:
            user.save()
        return user

    def get_login_redirect_url(self, request):
        with translation.override(request.user.preferred_language):
            return resolve_url(settings.LOGIN_REDIRECT_URL)

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        translation.activate(user.preferred_language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            user.preferred_language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            samesite="Lax",
        )
        return response
