"""Sign-up → verify → sign-in, as a person does it in a browser, in English and in French."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from members.models import User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = {
    "en": {
        "sign_up": "Sign up",
        "submit_sign_up": "Sign up",
        "full_name": "Full name",
        "email": "Email",
        "language": "Preferred official language",
        "language_choice": "English",
        "password": "Password",
        "password_again": "Password (again)",
        "verify_heading": "Verify your email address",
        "confirm": "Confirm",
        "my_account": "My account",
        "sign_out": "Sign out",
        "sign_in": "Sign in",
        "submit_sign_in": "Sign in",
        "refused": "Use your work email",
    },
    "fr": {
        "sign_up": "S'inscrire",
        "submit_sign_up": "Créer un compte",
        "full_name": "Nom complet",
        "email": "Courriel",
        "language": "Langue officielle préférée",
        "language_choice": "Français",
        "password": "Mot de passe",
        "password_again": "Mot de passe (confirmation)",
        "verify_heading": "Vérifiez votre adresse courriel",
        "confirm": "Confirmer",
        "my_account": "Mon compte",
        "sign_out": "Se déconnecter",
        "sign_in": "Se connecter",
        "submit_sign_in": "Se connecter",
        "refused": "Utilisez votre courriel professionnel",
    },
}


def field(text):
    """A field's accessible name: its label, then "(required)" where it is required."""
    return re.compile(rf"^{re.escape(text)}( \((required|obligatoire)\))?$")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_signup_verify_and_signin_in_a_browser(visitor, lang):
    words = LANGUAGES[lang]
    page = visitor.page
    visitor.goto(f"/{lang}/")

    page.get_by_role("navigation", name=re.compile("account|compte", re.I)).get_by_role(
        "link", name=words["sign_up"]
    ).click()
    visitor.check("signup form")
    page.get_by_label(field(words["full_name"])).fill("Camille Roy")
    page.get_by_label(field(words["email"])).fill("camille.roy@gmail.com")
    page.get_by_label(field(words["language"])).select_option(label=words["language_choice"])
    page.get_by_label(field(words["password"])).fill(PASSWORD)
    page.get_by_label(field(words["password_again"])).fill(PASSWORD)
    page.get_by_role("button", name=words["submit_sign_up"]).click()

    # A personal address is refused next to the field, and what was typed is kept.
    expect(page.locator("#id_email_error")).to_contain_text(words["refused"])
    expect(page.get_by_label(field(words["full_name"]))).to_have_value("Camille Roy")
    visitor.check("signup refused domain")
    page.get_by_label(field(words["email"])).fill("camille.roy@tc.gc.ca")
    page.get_by_label(field(words["password"])).fill(PASSWORD)
    page.get_by_label(field(words["password_again"])).fill(PASSWORD)
    page.get_by_role("button", name=words["submit_sign_up"]).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(words["verify_heading"])
    visitor.check("verification sent")
    assert User.objects.get(email="camille.roy@tc.gc.ca").preferred_language == lang
    link = re.search(r"http://\S+/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    assert f"/{lang}/accounts/confirm-email/" in link

    visitor.goto(link.split("://", 1)[1].split("/", 1)[1].join(["/", ""]))
    page.get_by_role("button", name=words["confirm"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["my_account"])
    visitor.check("signed in after verification")

    page.get_by_role("button", name=words["sign_out"]).click()
    page.get_by_role("navigation", name=re.compile("account|compte", re.I)).get_by_role(
        "link", name=words["sign_in"]
    ).click()
    visitor.check("signin form")
    page.get_by_label(field(words["email"])).fill("camille.roy@tc.gc.ca")
    page.get_by_label(field(words["password"])).fill(PASSWORD)
    page.get_by_role("button", name=words["submit_sign_in"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["my_account"])
    assert page.url.endswith(f"/{lang}/members/")
    visitor.check("signed in")


def test_signup_with_the_keyboard_only(visitor):
    page = visitor.page
    visitor.goto("/en/accounts/signup/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"
    for _ in range(5):  # past the "sign in" link to the first field
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_full_name":
            break
    assert page.evaluate("document.activeElement.id") == "id_full_name"
    page.keyboard.type("Sam Keyboard")
    page.keyboard.press("Tab")
    page.keyboard.type("sam.keyboard@canada.ca")
    page.keyboard.press("Tab")  # preferred language: English is already chosen
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify your email address")
    visitor.check("keyboard signup done")
    assert User.objects.get(email="sam.keyboard@canada.ca").full_name == "Sam Keyboard"
