from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.shortcuts import resolve_url
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from nmc_portal.privacy import Collection, notice_seen

from .rules import is_allowed_email


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up for public servants only; the page's language for pages, the member's for emails."""

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
        user.privacy_notice = notice_seen(Collection.ACCOUNT, request.POST.get("privacy_notice"))
        if commit:
            user.save()
        return user

    def get_login_redirect_url(self, request):
        """The member's page in the language of the page they signed in from (its URL prefix): the
        language a person reads in wins over the profile's."""
        return resolve_url(settings.LOGIN_REDIRECT_URL)

    def post_login(self, request, user, **kwargs):
        """The profile's language decides what links without a language open (/, old bookmarks): it
        goes in the language cookie. The page and its messages stay in the page's language."""
        response = super().post_login(request, user, **kwargs)
        set_language_cookie(response, user.preferred_language)
        return response

    def send_mail(self, template_prefix, email, context):
        """Account emails (verification, password reset, sign-up attempts) in the recipient's language
        when the portal knows them; else in the language of the page that asked."""
        user = context.get("user")
        language = getattr(user, "preferred_language", "") or translation.get_language()
        # Its links (verify, reset) open in the email's language too.
        links = {
            key: translate_url(value, language)
            for key, value in context.items()
            if isinstance(value, str) and value.startswith(("http://", "https://"))
        }
        with translation.override(language):
            context = {**context, **links, "site_url": settings.SITE_URL}
            return super().send_mail(template_prefix, email, context)


def set_language_cookie(response, language):
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        samesite="Lax",
    )
