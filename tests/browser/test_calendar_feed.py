"""A member subscribes to their events from their account page, and resets the private address."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = {
    "en": {
        "heading": "My events in my calendar",
        "subscribe": "Subscribe in my calendar app",
        "address": "Or copy this private address into your calendar app",
        "reset": "Reset my calendar address",
        "done": "Your calendar has a new address. The old address no longer works.",
    },
    "fr": {
        "heading": "Mes événements dans mon calendrier",
        "subscribe": "M'abonner dans mon application de calendrier",
        "address": "Ou copiez cette adresse privée dans votre application de calendrier",
        "reset": "Réinitialiser l'adresse de mon calendrier",
        "done": "Votre calendrier a une nouvelle adresse. L'ancienne adresse ne fonctionne plus.",
    },
}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_member_subscribes_and_resets_the_address(visitor, language):
    words = WORDS[language]
    member = UserFactory(preferred_language=language)
    old = member.calendar_token
    visitor.sign_in(member)
    visitor.goto(f"/{language}/members/")
    expect(visitor.page.get_by_role("heading", name=words["heading"])).to_be_visible()
    subscribe = visitor.page.get_by_role("link", name=words["subscribe"])
    site = settings.SITE_URL
    expect(subscribe).to_have_attribute("href", f"webcal://{site.split('://')[1]}/calendar/{old}.ics")
    expect(visitor.page.get_by_label(words["address"])).to_have_value(f"{site}/calendar/{old}.ics")

    visitor.page.get_by_role("button", name=words["reset"]).click()
    notice = visitor.page.get_by_role("alert").or_(visitor.page.get_by_role("status")).first
    expect(notice).to_contain_text(words["done"])
    visitor.check("address reset")
    member.refresh_from_db()
    assert member.calendar_token != old
    expect(visitor.page.get_by_label(words["address"])).to_have_value(
        f"{site}/calendar/{member.calendar_token}.ics"
    )
    expect(visitor.page.locator("html")).to_have_attribute("lang", language)
