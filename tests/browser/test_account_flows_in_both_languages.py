"""The language of the page a person reads wins through every account flow; the profile's decides emails.

Each flow runs both ways (a French page for an English profile, an English page for a French one), in
a browser whose own language is the other one, so that neither the profile nor Accept-Language can
be what keeps the page's language. Every page is checked with axe and screenshotted
(test-artifacts/account-*), and its <html lang> and words are asserted.
"""

import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core import mail
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from communities.models import Role
from members.models import User
from tests.communities.factories import CommunityFactory, member_of
from tests.events.factories import EventFactory
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "a-new-river-stone-2026"
OTHER = {"fr": "en", "en": "fr"}
BROWSER_LOCALE = {"fr": "fr-CA", "en": "en-CA"}
WORDS = {
    "fr": {
        "account_nav": "Votre compte",
        "sign_in": "Se connecter",
        "sign_up": "S'inscrire",
        "create_account": "Créer un compte",
        "full_name": "Nom complet",
        "email": "Courriel",
        "password": "Mot de passe",
        "password_again": "Mot de passe (confirmation)",
        "language": "Langue officielle préférée",
        "verify_heading": "Vérifiez votre adresse courriel",
        "confirm_heading": "Confirmer l'adresse courriel",
        "confirm": "Confirmer",
        "my_account": "Mon compte",
        "signed_in": "Connexion réussie",
        "forgot": "Mot de passe oublié ?",
        "reset_heading": "Réinitialisation du mot de passe",
        "reset_button": "Réinitialiser mon mot de passe",
        "reset_sent": "Nous vous avons envoyé un courriel.",
        "change_heading": "Modifier le mot de passe",
        "new_password": "Nouveau mot de passe",
        "new_password_again": "Nouveau mot de passe (confirmation)",
        "password_changed": "Votre mot de passe a été modifié.",
        "emails_link": "Adresses courriel",
        "emails_heading": "Adresses courriel",
        "add_email": "Ajouter un courriel",
        "confirmation_sent": "Courriel de confirmation envoyé à",
        "address_confirmed": "Vous avez confirmé",
        "two_factor_link": "Connexion à deux facteurs",
        "two_factor_heading": "Authentification à deux facteurs",
        "activate": "Activer",
        "reauthenticate_heading": "Confirmer l'accès",
        "activate_heading": "Activer l'application d'authentification",
        "secret": "Secret d'authentification",
        "code": "Code de l'authentificateur",
        "recovery_heading": "Codes de récupération",
        "mfa_code": "Code",
        "email_hello": "Bonjour,",
        "verify_subject": "Confirmez votre adresse courriel",
        "reset_subject": "Courriel de réinitialisation de mot de passe",
        "my_events": "Mes événements",
        "events_i_organize": "Événements que j'organise",
        "moderation": "Modération : Mobilisation",
        "administration": "Administration",
        "admin_heading": "Site d’administration",
    },
    "en": {
        "account_nav": "Your account",
        "sign_in": "Sign in",
        "sign_up": "Sign up",
        "create_account": "Sign up",
        "full_name": "Full name",
        "email": "Email",
        "password": "Password",
        "password_again": "Password (again)",
        "language": "Preferred official language",
        "verify_heading": "Verify your email address",
        "confirm_heading": "Confirm email address",
        "confirm": "Confirm",
        "my_account": "My account",
        "signed_in": "Successfully signed in",
        "forgot": "Forgot your password?",
        "reset_heading": "Password reset",
        "reset_button": "Reset my password",
        "reset_sent": "We have sent you an email.",
        "change_heading": "Change password",
        "new_password": "New password",
        "new_password_again": "New password (again)",
        "password_changed": "Your password is now changed.",
        "emails_link": "Email addresses",
        "emails_heading": "Email addresses",
        "add_email": "Add email",
        "confirmation_sent": "Confirmation email sent to",
        "address_confirmed": "You have confirmed",
        "two_factor_link": "Two-factor sign-in",
        "two_factor_heading": "Two-factor authentication",
        "activate": "Activate",
        "reauthenticate_heading": "Confirm access",
        "activate_heading": "Activate authenticator app",
        "secret": "Authenticator secret",
        "code": "Authenticator code",
        "recovery_heading": "Recovery codes",
        "mfa_code": "Code",
        "email_hello": "Hello,",
        "verify_subject": "Please confirm your email address",
        "reset_subject": "Password reset email",
        "my_events": "My events",
        "events_i_organize": "Events I organize",
        "moderation": "Moderation: Engagement",
        "administration": "Administration",
        "admin_heading": "Site administration",
    },
}
BOTH_WAYS = [("fr", "en"), ("en", "fr")]  # (language of the page, language of the profile)


def field(text):
    """A field's accessible name: its label, then "(required)" where it is required."""
    return re.compile(rf"^{re.escape(text)}( \((required|obligatoire)\))?$")


def in_language(visitor, language, heading, label):
    """The page is in `language` (its <html lang> and its heading), passes axe, and is screenshotted."""
    expect(visitor.page.locator("html")).to_have_attribute("lang", language)
    expect(visitor.page.get_by_role("heading", level=1)).to_have_text(heading)
    visitor.check(label)


def path_of(url):
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def link_in(message, pattern):
    return re.search(rf"https?://\S+{pattern}\S*", message.body).group(0)


def assert_email_in(message, language):
    words = WORDS[language]
    assert message.body.startswith(words["email_hello"]), message.body[:80]
    assert OTHER[language] == "en" or "Bonjour" not in message.body


def sign_in_from(visitor, language, user, password=PASSWORD):
    """From the language's home page, through the header's sign-in link, as a person does."""
    words = WORDS[language]
    visitor.goto(f"/{language}/")
    visitor.page.get_by_role("navigation", name=words["account_nav"]).get_by_role(
        "link", name=words["sign_in"]
    ).click()
    in_language(visitor, language, words["sign_in"], f"{language} sign in")
    visitor.page.get_by_label(field(words["email"])).fill(user.email)
    visitor.page.get_by_label(field(words["password"])).fill(password)
    visitor.page.get_by_role("main").get_by_role("button", name=words["sign_in"]).click()


def totp_code(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.mark.parametrize("language", ["fr", "en"])
def test_signing_up_from_a_page_keeps_its_language_to_the_verified_account(visitor_factory, language):
    words = WORDS[language]
    v = visitor_factory(f"account-{language}-signup", locale=BROWSER_LOCALE[OTHER[language]])
    v.goto(f"/{language}/")
    account_nav = v.page.get_by_role("navigation", name=words["account_nav"])
    account_nav.get_by_role("link", name=words["sign_up"]).click()
    in_language(v, language, words["create_account"], f"{language} sign up")
    # The profile's language starts as the page's: nobody has to change it to get their own.
    expect(v.page.get_by_label(field(words["language"]))).to_have_value(language)
    v.page.get_by_label(field(words["full_name"])).fill("Camille Roy")
    v.page.get_by_label(field(words["email"])).fill("camille.roy@tc.gc.ca")
    v.page.get_by_label(field(words["password"])).fill(PASSWORD)
    v.page.get_by_label(field(words["password_again"])).fill(PASSWORD)
    v.page.get_by_role("main").get_by_role("button", name=words["create_account"]).click()
    in_language(v, language, words["verify_heading"], f"{language} verification sent")
    assert User.objects.get(email="camille.roy@tc.gc.ca").preferred_language == language

    (message,) = mail.outbox
    assert message.to == ["camille.roy@tc.gc.ca"]
    assert message.subject == f"[NMC] {words['verify_subject']}"
    assert_email_in(message, language)
    link = link_in(message, "/confirm-email/")
    assert f"/{language}/accounts/confirm-email/" in link  # the link opens in the email's language

    v.goto(path_of(link))
    in_language(v, language, words["confirm_heading"], f"{language} confirm email")
    v.page.get_by_role("main").get_by_role("button", name=words["confirm"]).click()
    v.page.wait_for_url(f"**/{language}/members/")
    in_language(v, language, words["my_account"], f"{language} verified and signed in")
    assert EmailAddress.objects.get(email="camille.roy@tc.gc.ca").verified is True


@pytest.mark.parametrize(("page", "profile"), BOTH_WAYS)
def test_an_added_address_is_verified_in_the_language_of_its_email(visitor_factory, page, profile):
    words, email_words = WORDS[page], WORDS[profile]
    member = UserFactory(email="dominique@tc.gc.ca", preferred_language=profile)
    v = visitor_factory(f"account-{page}-add-email", locale=BROWSER_LOCALE[profile])
    sign_in_from(v, page, member)
    v.page.wait_for_url(f"**/{page}/members/")
    v.page.get_by_role("main").get_by_role("link", name=words["emails_link"]).click()
    in_language(v, page, words["emails_heading"], f"{page} email addresses")
    v.page.get_by_label(field(words["email"])).fill("dominique.lavoie@canada.ca")
    v.page.get_by_role("main").get_by_role("button", name=words["add_email"]).click()
    expect(v.page.get_by_role("status").first).to_contain_text(words["confirmation_sent"])
    in_language(v, page, words["emails_heading"], f"{page} address added")

    # The profile decides the email; its link opens in the email's language.
    (message,) = mail.outbox
    assert message.to == ["dominique.lavoie@canada.ca"]
    assert message.subject == f"[NMC] {email_words['verify_subject']}"
    assert_email_in(message, profile)
    link = link_in(message, "/confirm-email/")
    assert f"/{profile}/accounts/confirm-email/" in link
    v.goto(path_of(link))
    in_language(v, profile, email_words["confirm_heading"], f"{profile} confirm added address")
    v.page.get_by_role("main").get_by_role("button", name=email_words["confirm"]).click()
    v.page.wait_for_url(f"**/{profile}/members/")
    in_language(v, profile, email_words["my_account"], f"{profile} added address verified")
    expect(v.page.get_by_role("status").first).to_contain_text(email_words["address_confirmed"])
    assert EmailAddress.objects.get(email="dominique.lavoie@canada.ca").verified is True


@pytest.mark.parametrize(("page", "profile"), BOTH_WAYS)
def test_resetting_a_password_from_a_page(visitor_factory, page, profile):
    words, email_words = WORDS[page], WORDS[profile]
    member = UserFactory(email="sam.reset@tc.gc.ca", preferred_language=profile)
    v = visitor_factory(f"account-{page}-reset", locale=BROWSER_LOCALE[profile])
    v.goto(f"/{page}/accounts/login/")
    v.page.get_by_role("link", name=words["forgot"]).click()
    in_language(v, page, words["reset_heading"], f"{page} password reset")
    v.page.get_by_label(field(words["email"])).fill(member.email)
    v.page.get_by_role("main").get_by_role("button", name=words["reset_button"]).click()
    expect(v.page.get_by_role("main")).to_contain_text(words["reset_sent"])
    in_language(v, page, words["reset_heading"], f"{page} password reset sent")

    # The email in the member's language, its link too: the pages it opens follow the link.
    (message,) = mail.outbox
    assert message.subject == f"[NMC] {email_words['reset_subject']}"
    assert_email_in(message, profile)
    link = link_in(message, "/password/reset/key/")
    assert f"/{profile}/accounts/password/reset/key/" in link
    v.goto(path_of(link))
    in_language(v, profile, email_words["change_heading"], f"{profile} set a new password")
    v.page.get_by_label(field(email_words["new_password"]), exact=True).fill(NEW_PASSWORD)
    v.page.get_by_label(field(email_words["new_password_again"])).fill(NEW_PASSWORD)
    v.page.get_by_role("main").get_by_role("button", name=email_words["change_heading"]).click()
    expect(v.page.get_by_role("main")).to_contain_text(email_words["password_changed"])
    in_language(v, profile, email_words["change_heading"], f"{profile} password changed")

    sign_in_from(v, page, member, password=NEW_PASSWORD)
    v.page.wait_for_url(f"**/{page}/members/")
    in_language(v, page, words["my_account"], f"{page} signed in with the new password")


@pytest.mark.parametrize(("page", "profile"), BOTH_WAYS)
def test_signing_in_with_a_code_from_a_page_keeps_its_language(visitor_factory, page, profile):
    words = WORDS[page]
    member = UserFactory(email="careful@tc.gc.ca", preferred_language=profile, full_name="Jo Careful")
    secret = generate_totp_secret()
    TOTP.activate(member, secret)
    v = visitor_factory(f"account-{page}-mfa", locale=BROWSER_LOCALE[profile])
    sign_in_from(v, page, member)
    v.page.wait_for_url(f"**/{page}/accounts/2fa/authenticate/")
    in_language(v, page, words["two_factor_heading"], f"{page} two-factor code")
    v.page.get_by_label(field(words["mfa_code"])).fill(totp_code(secret))
    v.page.get_by_role("main").get_by_role("button", name=words["sign_in"]).click()
    v.page.wait_for_url(f"**/{page}/members/")
    in_language(v, page, words["my_account"], f"{page} signed in with a code")
    expect(v.page.get_by_role("status").first).to_contain_text(words["signed_in"])


@pytest.mark.parametrize(("page", "profile"), BOTH_WAYS)
def test_turning_on_two_factor_sign_in_from_the_account_page(visitor_factory, page, profile):
    words = WORDS[page]
    member = UserFactory(email="careful@tc.gc.ca", preferred_language=profile)
    v = visitor_factory(f"account-{page}-totp", locale=BROWSER_LOCALE[profile])
    sign_in_from(v, page, member)
    v.page.wait_for_url(f"**/{page}/members/")
    v.page.get_by_role("main").get_by_role("link", name=words["two_factor_link"]).click()
    in_language(v, page, words["two_factor_heading"], f"{page} two-factor")
    v.page.get_by_role("main").get_by_role("link", name=words["activate"]).click()
    in_language(v, page, words["reauthenticate_heading"], f"{page} confirm access")
    v.page.get_by_label(field(words["password"])).fill(PASSWORD)
    v.page.get_by_role("main").get_by_role("button", name=words["confirm"]).click()
    v.page.wait_for_url(f"**/{page}/accounts/2fa/totp/activate/")
    in_language(v, page, words["activate_heading"], f"{page} activate authenticator")
    secret = v.page.get_by_label(words["secret"]).input_value()
    v.page.get_by_label(field(words["code"])).fill(totp_code(secret))
    v.page.get_by_role("main").get_by_role("button", name=words["activate"]).click()
    v.page.wait_for_url(f"**/{page}/accounts/2fa/recovery-codes/")
    in_language(v, page, words["recovery_heading"], f"{page} recovery codes")
    assert Authenticator.objects.filter(user=member, type=Authenticator.Type.TOTP).count() == 1


def organizer():
    user = UserFactory(email="olivia@tc.gc.ca", preferred_language="en", full_name="Olivia Singh")
    EventFactory(organizers=[user])
    return user, "events:manage", {}, "events_i_organize"


def moderator():
    engagement = CommunityFactory(slug="engagement", name_en="Engagement", name_fr="Mobilisation")
    user = member_of(engagement, role=Role.MODERATOR, email="mathieu@tc.gc.ca", preferred_language="fr")
    return user, "communities:moderation", {"slug": "engagement"}, "moderation"


def member():
    return UserFactory(email="morgan@tc.gc.ca", preferred_language="en"), "events:mine", {}, "my_events"


def staff():
    user = UserFactory(email="alex@tc.gc.ca", preferred_language="fr", is_staff=True, is_superuser=True)
    return user, "admin:index", {}, "admin_heading"


ROLES = {"member": member, "organizer": organizer, "moderator": moderator, "staff": staff}


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("role", ROLES)
def test_each_role_signs_in_from_a_page_and_stays_in_its_language(visitor_factory, role, language):
    user, url_name, kwargs, heading = ROLES[role]()
    words = WORDS[language]
    v = visitor_factory(f"role-{role}-{language}", locale=BROWSER_LOCALE[OTHER[language]])
    sign_in_from(v, language, user)
    v.page.wait_for_url(f"**/{language}/members/")
    in_language(v, language, words["my_account"], f"{role} signed in")
    with translation.override(language):
        role_page = reverse(url_name, kwargs=kwargs)
    assert role_page.startswith(f"/{language}/")
    if role == "staff":  # the header's own link, as an administrator reaches it
        v.page.get_by_role("navigation", name=words["account_nav"]).get_by_role(
            "link", name=words["administration"]
        ).click()
        v.page.wait_for_url(f"**{role_page}")
    else:
        v.goto(role_page)
    in_language(v, language, words[heading], f"{role} page")
