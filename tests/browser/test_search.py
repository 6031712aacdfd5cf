"""A member searches the library in French, filters by tag and opens the playbook it found. axe runs on
every page visited."""

import re

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_member_searches_in_french_filters_by_tag_and_opens_the_playbook(visitor_factory, library):
    visitor = visitor_factory("search-fr", locale="fr-CA")
    visitor.sign_in(UserFactory(preferred_language="fr"))
    page = visitor.page

    visitor.goto("/fr/bibliotheque/")
    page.get_by_label("Chercher dans la bibliothèque").fill("politiques")
    page.get_by_role("main").get_by_role("button", name="Rechercher", exact=True).click()
    page.wait_for_url("**/bibliotheque/recherche/**")
    visitor.check("search-politiques")
    results = page.get_by_role("region", name=re.compile("correspond"))
    # "politiques" finds "politique" in the bilingual video's French summary, listed first on a French
    # page, then "politiques" in the English playbook.
    heading = results.get_by_role("heading", level=2)
    assert heading.inner_text() == "2 résultats correspondent à «\u00a0politiques\u00a0»"
    assert results.locator("mark").all_inner_texts() == ["politique", "politiques"]

    tags = page.get_by_role("group", name="Étiquette")
    tags.get_by_label(re.compile(r"^policy \(")).check()
    page.get_by_role("button", name="Rechercher", exact=True).click()
    page.wait_for_url("**tag=policy**")
    visitor.check("search-tag-policy")
    assert (
        page.get_by_role("heading", level=2).first.inner_text()
        == "1 résultat correspond à «\u00a0politiques\u00a0»"
    )

    page.get_by_role("link", name="Guide de politiques axées sur les clients").click()
    page.wait_for_url("**/bibliotheque/client-centric-policy-playbook/")
    visitor.check("playbook")
    assert page.get_by_role("heading", level=1).inner_text() == "Guide de politiques axées sur les clients"


HEADER = {
    "en": {
        "box": "Search the NMC Portal",
        "button": "Search",
        "session": "Session",
        "path": "/en/library/search/",
    },
    "fr": {
        "box": "Rechercher dans le portail de la CNG",
        "button": "Rechercher",
        "session": "Séance",
        "path": "/fr/bibliotheque/recherche/",
    },
}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_anyone_searches_from_the_header_of_the_home_page(visitor_factory, library, language):
    from tests.events.factories import SessionFactory

    words = HEADER[language]
    SessionFactory(
        event=library["event"],
        title_en="Social media policies in practice",
        title_fr="Les politiques des médias sociaux en pratique",
    )
    visitor = visitor_factory(f"header-search-{language}", locale=f"{language}-CA")
    page = visitor.page
    visitor.goto(f"/{language}/")
    search = page.get_by_role("search", name=words["box"])
    search.get_by_label(words["box"]).fill("policies" if language == "en" else "politiques")
    search.get_by_label(words["box"]).focus()
    visitor.check("header search filled")
    search.get_by_role("button", name=words["button"]).click()
    page.wait_for_url(f"**{words['path']}?q=*")
    visitor.check("header search results")
    results = page.get_by_role("region", name=re.compile("match|correspond"))
    session = results.get_by_role("listitem").filter(has_text=words["session"]).first
    expected = (
        "Social media policies in practice"
        if language == "en"
        else "Les politiques des médias sociaux en pratique"
    )
    assert session.get_by_role("heading", level=3).inner_text() == expected
    session.get_by_role("link", name=expected).click()
    page.wait_for_url("**/social-media-learning-day/**")
    visitor.check("session found")
    assert page.get_by_role("heading", level=1).inner_text() == expected
