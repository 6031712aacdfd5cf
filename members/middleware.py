from allauth.mfa.models import Authenticator
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse


class AdminMFARequiredMiddleware:
    """Admins set up two-factor sign-in before anything else, when ADMIN_MFA_REQUIRED is on."""

    exempt_prefixes = ("/static/", "/healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.ADMIN_MFA_REQUIRED
            and user is not None
            and user.is_authenticated
            and user.is_staff
            and not self._exempt(request.path)
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _exempt(self, path):
        allowed = (
            reverse("mfa_activate_totp"),
            reverse("mfa_index"),
            reverse("account_logout"),
            reverse("account_reauthenticate"),
        )
        return path.startswith(self.exempt_prefixes) or path in allowed or "/accounts/2fa/" in path
