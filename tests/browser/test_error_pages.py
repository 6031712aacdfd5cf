"""The 404 and 403 pages a person meets, in both languages, pass axe in every link state."""

import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_not_found_and_not_allowed_pages_in_english_and_french(visitor_factory):
    v = visitor_factory("errors")
    assert v.goto("/en/events/no-such-event/").status == 404
    expect(v.page.get_by_role("heading", level=1)).to_have_text("We couldn't find that page")
    v.page.get_by_role("link", name="Search the portal").focus()
    v.check("404 focus")
    assert v.goto("/fr/evenements/aucun-evenement/").status == 404
    expect(v.page.get_by_role("heading", level=1)).to_have_text("Nous n'avons pas trouvé cette page")
    v.sign_in(UserFactory())
    assert v.goto("/fr/evenements/gerer/nouveau/").status == 403
    expect(v.page.get_by_role("heading", level=1)).to_have_text("Vous ne pouvez pas faire cela ici")
