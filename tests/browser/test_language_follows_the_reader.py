"""The language of the page a person reads wins through sign-in, whatever their profile says."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

CASES = {
    "fr": {
        "sign_in": "Se connecter",
        "email": "Courriel",
        "password": "Mot de passe",
        "done": "Connexion réussie",
        "toggle": "English",
    },
    "en": {
        "sign_in": "Sign in",
        "email": "Email",
        "password": "Password",
        "done": "Successfully signed in",
        "toggle": "Français",
    },
}


@pytest.mark.parametrize(("page_language", "profile_language"), [("fr", "en"), ("en", "fr")])
def test_signing_in_from_a_page_keeps_its_language(visitor_factory, page_language, profile_language):
    words = CASES[page_language]
    member = UserFactory(preferred_language=profile_language, full_name="Dominique Lavoie")
    v = visitor_factory(f"reader-{page_language}")
    v.goto(f"/{page_language}/")
    toggle = v.page.get_by_role("link", name=words["toggle"], exact=True)
    expect(toggle).to_have_attribute("hreflang", "en" if page_language == "fr" else "fr")
    v.page.get_by_role("link", name=words["sign_in"], exact=True).first.click()
    v.check("sign-in page")
    expect(v.page.locator("html")).to_have_attribute("lang", page_language)
    v.page.get_by_label(re.compile(rf"^{words['email']}\b")).fill(member.email)
    v.page.get_by_label(re.compile(rf"^{words['password']}\b")).fill(PASSWORD)
    v.page.get_by_role("button", name=words["sign_in"]).click()
    v.page.wait_for_url(f"**/{page_language}/members/")
    v.check("signed in")
    expect(v.page.locator("html")).to_have_attribute("lang", page_language)
    expect(v.page.get_by_role("alert").or_(v.page.get_by_role("status")).first).to_contain_text(words["done"])
