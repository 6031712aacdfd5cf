import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from members.models import User
from members.rules import is_allowed_email
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = "/en/accounts/signup/"


def signup_data(**overrides):
    data = {
        "full_name": "Jordan Lee",
        "email": "jordan.lee@tc.gc.ca",
        "preferred_language": "en",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return data


def field_errors(response, field):
    """The error text rendered next to a field (the element its input points to)."""
    html = response.content.decode()
    match = re.search(rf'<ul class="errorlist error-message" id="id_{field}_error">(.*?)</ul>', html, re.S)
    return re.sub(r"<[^>]+>", " ", match.group(1)).split() if match else []


@pytest.mark.parametrize(
    "email",
    [
        "someone@gc.ca",
        "someone@canada.ca",
        "someone@tc.gc.ca",
        "Someone@HRSDC-RHDCC.GC.CA",
        "a@x.y.canada.ca",
    ],
)
def test_is_allowed_email_accepts_allowed_domains_and_subdomains(email):
    assert is_allowed_email(email, ["gc.ca", "canada.ca"]) is True


@pytest.mark.parametrize(
    "email",
    [
        "someone@evilgc.ca",
        "someone@gc.ca.example.com",
        "someone@notcanada.ca",
        "someone@canada.ca.evil.org",
        "someone@gmail.com",
        "someone@gc.ca.",
        "gc.ca",
        "@gc.ca",
        "",
    ],
)
def test_is_allowed_email_refuses_other_and_look_alike_domains(email):
    assert is_allowed_email(email, ["gc.ca", "canada.ca"]) is False


def test_signup_with_allowed_domain_creates_unverified_member_and_emails_link(client):
    response = client.post(SIGNUP, signup_data())
    assert response.status_code == 302
    user = User.objects.get(email="jordan.lee@tc.gc.ca")
    assert user.full_name == "Jordan Lee"
    assert user.preferred_language == "en"
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == ("jordan.lee@tc.gc.ca", False, True)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["jordan.lee@tc.gc.ca"]
    assert "/en/accounts/confirm-email/" in mail.outbox[0].body


def test_signup_verification_link_verifies_and_signs_in(client):
    client.post(SIGNUP, signup_data())
    link = re.search(r"http://[^\s]+/en/accounts/confirm-email/[^\s]+/", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[1]
    page = client.get(path)
    assert page.status_code == 200
    assert "jordan.lee@tc.gc.ca" in page.content.decode()
    response = client.post(path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="jordan.lee@tc.gc.ca").verified is True
    assert client.get("/en/members/").context["member"].email == "jordan.lee@tc.gc.ca"


@pytest.mark.parametrize("email", ["mallory@evilgc.ca", "mallory@gc.ca.example.com", "mallory@gmail.com"])
def test_signup_with_refused_domain_shows_message_next_to_email(client, email):
    response = client.post(SIGNUP, signup_data(email=email))
    assert response.status_code == 400
    assert "Use your work email" in " ".join(field_errors(response, "email"))
    assert 'aria-invalid="true"' in response.content.decode()
    assert not User.objects.filter(email=email).exists()
    assert mail.outbox == []


def test_signup_with_refused_domain_in_french_shows_french_message(client):
    response = client.post("/fr/accounts/signup/", signup_data(email="mallory@gmail.com"))
    assert response.status_code == 400
    assert "Utilisez votre courriel professionnel" in " ".join(field_errors(response, "email"))


def test_signup_with_a_taken_email_answers_as_for_a_new_one_and_tells_the_owner(client):
    """No account enumeration: the page cannot tell a taken address from a free one."""
    UserFactory(email="taken@tc.gc.ca")
    fresh = client.post(SIGNUP, signup_data(email="free@tc.gc.ca"))
    client.logout()
    mail.outbox.clear()
    response = client.post(SIGNUP, signup_data(email="Taken@TC.gc.ca"))
    assert (response.status_code, response["Location"]) == (fresh.status_code, fresh["Location"])
    assert User.objects.filter(email__iexact="taken@tc.gc.ca").count() == 1
    assert [message.to for message in mail.outbox] == [["taken@tc.gc.ca"]]
    assert "/en/accounts/password/reset/" in mail.outbox[0].body  # the owner may reset instead


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client):
    UserFactory(email="known@tc.gc.ca")
    known = client.post("/en/accounts/password/reset/", {"email": "known@tc.gc.ca"})
    unknown = client.post("/en/accounts/password/reset/", {"email": "nobody@tc.gc.ca"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert [message.to for message in mail.outbox] == [["known@tc.gc.ca"], ["nobody@tc.gc.ca"]]
    assert "/en/accounts/password/reset/key/" in mail.outbox[0].body
    assert "/accounts/password/reset/key/" not in mail.outbox[1].body


def test_signup_with_weak_password_is_refused_next_to_password(client):
    response = client.post(SIGNUP, signup_data(password1="password", password2="password"))
    assert response.status_code == 400
    assert field_errors(response, "password1") != []
    assert not User.objects.exists()


def test_signup_with_oversized_name_is_refused_and_keeps_other_input(client):
    response = client.post(SIGNUP, signup_data(full_name="x" * 151))
    assert response.status_code == 400
    assert "at most 150 characters" in " ".join(field_errors(response, "full_name"))
    assert 'value="jordan.lee@tc.gc.ca"' in response.content.decode()
    assert not User.objects.exists()


def test_signin_before_verification_is_refused_and_resends_link(client):
    UserFactory(email="new@tc.gc.ca", verified=False)
    response = client.post("/en/accounts/login/", {"login": "new@tc.gc.ca", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("page", "preferred", "landing", "message"),
    [
        ("en", "fr", "/en/members/", "Successfully signed in as"),
        ("fr", "en", "/fr/members/", "Connexion réussie"),
    ],
)
def test_signin_keeps_the_language_of_the_page_and_remembers_the_profiles_for_links_without_one(
    client, page, preferred, landing, message
):
    UserFactory(email="reader@canada.ca", preferred_language=preferred, full_name="Dominique Reader")
    response = client.post(f"/{page}/accounts/login/", {"login": "reader@canada.ca", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == landing
    assert response.cookies["django_language"].value == preferred  # for / and links without a language
    dashboard = client.get(response["Location"])
    assert f'<html lang="{page}">' in dashboard.content.decode()
    assert message in dashboard.content.decode()


def test_signin_with_wrong_password_answers_400_with_message(client):
    UserFactory(email="someone@tc.gc.ca")
    response = client.post("/en/accounts/login/", {"login": "someone@tc.gc.ca", "password": "nope-nope-nope"})
    assert response.status_code == 400
    assert "The email address and/or password you specified are not correct." in response.content.decode()


def test_signin_is_rate_limited_after_repeated_failures(client):
    UserFactory(email="someone@tc.gc.ca")
    for _ in range(5):
        response = client.post(
            "/en/accounts/login/", {"login": "someone@tc.gc.ca", "password": "wrong-password"}
        )
        assert response.status_code == 400
        assert "Too many failed login attempts" not in response.content.decode()
    # Even the right password is refused until the limit expires.
    response = client.post("/en/accounts/login/", {"login": "someone@tc.gc.ca", "password": PASSWORD})
    assert response.status_code == 400
    assert "Too many failed login attempts. Try again later." in response.content.decode()
    assert "_auth_user_id" not in client.session


def fail_to_sign_in(client, email, times=5, **headers):
    for _ in range(times):
        response = client.post(
            "/en/accounts/login/", {"login": email, "password": "wrong-password"}, **headers
        )
        assert response.status_code == 400


def test_one_persons_failures_never_lock_out_a_colleague_at_the_same_address(client):
    """Behind the TLS proxy every member shares its address: the limit is per account first."""
    UserFactory(email="careless@tc.gc.ca")
    colleague = UserFactory(email="colleague@tc.gc.ca")
    fail_to_sign_in(client, "careless@tc.gc.ca")
    response = client.post("/en/accounts/login/", {"login": colleague.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(colleague.pk)


def test_signin_limits_count_the_real_client_address_behind_trusted_proxies(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "5/5m/key,6/5m/ip"}
    for n in range(3):
        UserFactory(email=f"office{n}@tc.gc.ca")
    office = {"HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    fail_to_sign_in(client, "office0@tc.gc.ca", times=3, **office)
    fail_to_sign_in(client, "office1@tc.gc.ca", times=3, **office)
    # The office's address has had its six failures; a member at home is not that address.
    response = client.post(
        "/en/accounts/login/", {"login": "office2@tc.gc.ca", "password": PASSWORD}, **office
    )
    assert "Too many failed login attempts" in response.content.decode()
    home = {"HTTP_X_FORWARDED_FOR": "198.51.100.23"}
    response = client.post("/en/accounts/login/", {"login": "office2@tc.gc.ca", "password": PASSWORD}, **home)
    assert response.status_code == 302


def test_a_request_that_bypassed_the_proxies_counts_by_its_own_address(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    user = UserFactory(email="direct@tc.gc.ca")
    response = client.post(
        "/en/accounts/login/", {"login": user.email, "password": PASSWORD}, HTTP_X_FORWARDED_FOR="10.1.1.1"
    )
    assert response.status_code == 302


def test_saving_the_profile_in_the_other_language_switches_at_once(client):
    member = UserFactory(preferred_language="en", full_name="Morgan Tremblay")
    client.force_login(member)
    data = {"full_name": "Morgan Tremblay", "preferred_language": "fr"}
    response = client.post("/en/members/profile/", data)
    assert (response.status_code, response["Location"]) == (302, "/fr/members/")
    assert response.cookies["django_language"].value == "fr"
    page = client.get(response["Location"]).content.decode()
    assert '<html lang="fr">' in page
    assert "Votre profil a été enregistré." in page


def test_account_emails_go_in_the_members_language_whatever_the_page(client):
    UserFactory(email="francophone@canada.ca", preferred_language="fr")
    client.post("/en/accounts/password/reset/", {"email": "francophone@canada.ca"})
    assert len(mail.outbox) == 1
    assert (
        "Réinitialisation du mot de passe" in mail.outbox[0].subject or "mot de passe" in mail.outbox[0].body
    )
    assert "You're receiving this email" not in mail.outbox[0].body
    assert "/fr/accounts/password/reset/key/" in mail.outbox[0].body  # its link opens in French too


def test_signing_up_from_an_english_page_in_french_sends_the_verification_in_french(client):
    client.post(SIGNUP, signup_data(preferred_language="fr"))
    assert len(mail.outbox) == 1
    assert "courriel" in mail.outbox[0].body.lower()
    assert "email" not in mail.outbox[0].subject.lower()
    assert "/fr/accounts/confirm-email/" in mail.outbox[0].body
