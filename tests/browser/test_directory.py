"""A member searches the directory by name, filters by region and opens a profile, in each official language.

Driven by role and label; axe runs on every page, including after the in-place (htmx) search.
"""

import re

import pytest

from communities.models import Visibility
from tests.communities.factories import CommunityFactory, MembershipFactory, ThreadFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = {
    "en": {
        "directory": "/en/directory/",
        "heading": "Member directory",
        "name": "Name",
        "region": "Region",
        "pacific": "Pacific",
        "search": "Search",
        "all_listed": "3 members are listed.",
        "found": "1 member matches your search.",
        "department": "Transport Canada",
        "communities": "Communities",
        "community": "Engagement",
        "posts": "Latest posts",
    },
    "fr": {
        "directory": "/fr/repertoire/",
        "heading": "Répertoire des membres",
        "name": "Nom",
        "region": "Région",
        "pacific": "Pacifique",
        "search": "Rechercher",
        "all_listed": "3 membres figurent au répertoire.",
        "found": "1 membre correspond à votre recherche.",
        "department": "Transports Canada",
        "communities": "Communautés",
        "community": "Mobilisation",
        "posts": "Messages récents",
    },
}


def starts(label):
    return re.compile("^" + re.escape(label) + r"\b")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_member_searches_filters_and_opens_a_profile(visitor_factory, language):
    t = TEXT[language]
    community = CommunityFactory(slug="engagement", name_en="Engagement", name_fr="Mobilisation")
    viewer = UserFactory(
        full_name="Vera Viewer", directory_visible=True, region="ncr", preferred_language=language
    )
    peer = UserFactory(full_name="Morgan Tremblay", directory_visible=True, region="pacific", department="tc")
    peer.interests.add("coaching")
    MembershipFactory(community=community, member=peer)
    ThreadFactory(community=community, author=peer, title="Running good meetings")
    UserFactory(full_name="Morgan Smith", directory_visible=True, region="quebec")
    UserFactory(full_name="Morgan Hidden", directory_visible=False, region="pacific")
    private = CommunityFactory(slug="coaching", name_en="Secret circle", visibility=Visibility.MEMBERS)
    MembershipFactory(community=private, member=peer)

    v = visitor_factory(f"directory-{language}", "fr-CA" if language == "fr" else "en-CA")
    v.sign_in(viewer)
    v.goto(t["directory"])
    page = v.page
    assert page.get_by_role("heading", level=1).inner_text() == t["heading"]
    assert page.get_by_role("status").inner_text() == t["all_listed"]

    page.get_by_role("textbox", name=starts(t["name"])).fill("morgan")
    page.get_by_role("combobox", name=starts(t["region"])).select_option(label=t["pacific"])
    page.get_by_role("main").get_by_role("button", name=t["search"], exact=True).click()
    status = page.get_by_role("status")
    status.filter(has_text=t["found"]).wait_for()
    v.check("search results")
    assert "region=pacific" in page.url and "name=morgan" in page.url
    results = page.locator("#directory-results").get_by_role("heading", level=2).all_inner_texts()
    assert results == ["Morgan Tremblay"]

    page.get_by_role("link", name="Morgan Tremblay").click()
    page.get_by_role("heading", level=1, name="Morgan Tremblay").wait_for()
    v.check("profile")
    content = page.locator("main").inner_text()
    assert t["department"] in content
    assert t["community"] in content
    assert "Secret circle" not in content
    assert "Running good meetings" in content
    assert peer.email not in content

    # Without JavaScript's help the same search is a plain GET: the address can be shared.
    v.goto(t["directory"] + "?name=hidden")
    assert page.get_by_role("status").inner_text() != t["all_listed"]
    assert "Morgan Hidden" not in page.locator("main").inner_text()
