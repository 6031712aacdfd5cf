import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def sign_in_and_confirm_password(client, user):
    """Sign in, then confirm the password again as allauth asks before changing 2FA."""
    client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    client.post("/en/accounts/reauthenticate/", {"password": PASSWORD})


def current_code(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_member_can_turn_on_two_factor_sign_in(client):
    user = UserFactory(email="careful@tc.gc.ca")
    sign_in_and_confirm_password(client, user)
    page = client.get("/en/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = page.context["form"].secret
    response = client.post("/en/accounts/2fa/totp/activate/", {"code": current_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).count() == 1
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).count() == 1


def test_two_factor_member_must_give_a_code_to_sign_in(client):
    user = UserFactory(email="careful@tc.gc.ca")
    sign_in_and_confirm_password(client, user)
    secret = client.get("/en/accounts/2fa/totp/activate/").context["form"].secret
    client.post("/en/accounts/2fa/totp/activate/", {"code": current_code(secret)})
    client.post("/en/accounts/logout/")

    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    assert client.post("/en/accounts/2fa/authenticate/", {"code": "000000"}).status_code == 200
    assert "_auth_user_id" not in client.session
    response = client.post("/en/accounts/2fa/authenticate/", {"code": current_code(secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_admin_without_two_factor_is_sent_to_set_it_up_when_required(client, settings, admin_user):
    settings.ADMIN_MFA_REQUIRED = True
    client.force_login(admin_user)
    for url in ("/en/members/", "/en/admin/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == "/en/accounts/2fa/totp/activate/"
    # The set-up page itself (behind allauth's password confirmation) stays reachable.
    response = client.get("/en/accounts/2fa/totp/activate/")
    assert response["Location"].startswith("/en/accounts/reauthenticate/")
    assert client.get(response["Location"]).status_code == 200


def test_admin_with_two_factor_gets_through_when_required(client, settings, admin_user):
    settings.ADMIN_MFA_REQUIRED = True
    Authenticator.objects.create(user=admin_user, type=Authenticator.Type.TOTP, data={"secret": "unused"})
    client.force_login(admin_user)
    assert client.get("/en/members/").status_code == 200


def test_members_are_not_forced_into_two_factor(member_client, settings):
    settings.ADMIN_MFA_REQUIRED = True
    assert member_client.get("/en/members/").status_code == 200


def test_admin_without_two_factor_gets_through_when_not_required(client, settings, admin_user):
    settings.ADMIN_MFA_REQUIRED = False
    client.force_login(admin_user)
    assert client.get("/en/members/").status_code == 200
