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
    page.get_by_role("button", name="Rechercher", exact=True).click()
    page.wait_for_url("**/bibliotheque/recherche/**")
    visitor.check("search-politiques")
    results = page.get_by_role("region", name=re.compile("correspond"))
    # "politiques" finds "politiques" in the playbook and "politique" in the video's French summary.
    heading = results.get_by_role("heading", level=2)
    assert heading.inner_text() == "2 résultats correspondent à «\u00a0politiques\u00a0»"
    assert results.locator("mark").all_inner_texts() == ["politiques", "politique"]

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
