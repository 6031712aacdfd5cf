"""A member opens the playbook in French and compares two revisions; an organizer uploads slides to
the learning day. axe runs on every page visited. (The search is in test_search.py.)"""

import re

import pytest

from learning.models import Resource
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def starts(label):
    """An accessible name beginning with label (fields add "(required)" in the page's language)."""
    return re.compile("^" + re.escape(label) + r"\b")


def test_member_opens_the_playbook_in_french_and_compares_revisions(visitor_factory, library):
    visitor = visitor_factory("library-fr", locale="fr-CA")
    visitor.sign_in(UserFactory(preferred_language="fr"))
    page = visitor.page

    visitor.goto("/fr/bibliotheque/client-centric-policy-playbook/")
    visitor.check("playbook")
    assert page.get_by_role("heading", level=1).inner_text() == "Guide de politiques axées sur les clients"

    page.get_by_role("link", name="Historique et changements").click()
    visitor.check("history")
    assert page.get_by_role("row").count() == 4  # the header and three revisions

    page.get_by_label("Comparer la version").select_option("1")
    page.get_by_label("avec la version").select_option("3")
    page.get_by_role("button", name="Afficher les changements").first.click()
    page.wait_for_url("**/comparer/**")
    visitor.check("compare-1-3")
    assert page.get_by_role("heading", level=1).inner_text() == "Changements de la version 1 à la version 3"
    added = page.locator("ins").filter(has_text="Conditions for success").first
    # The text label makes the change audible: screen readers do not announce <ins> by themselves.
    assert added.text_content() == "[ajouté\u00a0: # Conditions for success]"


def test_organizer_uploads_slides_to_the_learning_day(visitor_factory, library, tmp_path):
    visitor = visitor_factory("library-organizer")
    visitor.sign_in(library["organizer"])
    page = visitor.page

    visitor.goto("/en/library/events/social-media-learning-day/")
    page.get_by_role("link", name="Upload slides or a document").click()
    page.wait_for_url("**/library/new/**")
    visitor.check("new-resource")
    assert page.get_by_label("Kind of resource").input_value() == "file"
    assert (
        page.get_by_label("Event")
        .locator("option:checked")
        .inner_text()
        .startswith("Social Media Learning Day")
    )

    page.get_by_label("Title in English").fill("Building a Social Media Strategy: slides")
    page.get_by_label("Title in French").fill("Élaborer une stratégie de médias sociaux : présentation")
    page.get_by_label("Tags").fill("slides, social media")
    slides = tmp_path / "strategy-slides.pdf"
    slides.write_bytes(PDF)
    page.get_by_label("File").set_input_files(str(slides))
    page.get_by_role("button", name="Add to the library").click()
    page.wait_for_url("**/library/building-a-social-media-strategy-slides/")
    visitor.check("slides")
    assert page.get_by_role("status").inner_text() == "The resource is in the library."
    assert page.get_by_role("link", name=re.compile(r"^Download strategy-slides\.pdf")).count() == 1

    visitor.goto("/en/library/events/social-media-learning-day/")
    assert page.get_by_role("link", name="Building a Social Media Strategy: slides").count() == 1
    resource = Resource.objects.get(slug="building-a-social-media-strategy-slides")
    assert (resource.file_type, resource.event_id) == ("application/pdf", library["event"].pk)
