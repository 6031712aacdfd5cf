"""An author translates their discussion into the other official language; a reader of that language
sees the translation, marked as the author's, with the original one click away (issue 20).

One run per official language of the author, driven by role and label; axe runs on every page visited.
"""

import re

import pytest
from django.utils import translation

from communities import services
from communities.models import Thread
from tests.communities.factories import CommunityFactory, MembershipFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = {
    "en": {
        "title": "Running good meetings",
        "body": "How do you run **good** meetings?",
        "add": "Add a translation in French",
        "form_title": "Title in French",
        "form_body": "Message in French",
        "save": "Save the translation",
        "saved": "Your translation was saved.",
        "edit": "Edit the translation in French",
        "translated_title": "Animer de bonnes réunions",
        "translated_body": "Comment animer de **bonnes** réunions\u202f?",
        "note": "Traduit par l'auteur.",
        "original": "Original en anglais",
    },
    "fr": {
        "title": "Animer de bonnes réunions",
        "body": "Comment animer de **bonnes** réunions\u202f?",
        "add": "Ajouter une traduction en anglais",
        "form_title": "Titre en anglais",
        "form_body": "Message en anglais",
        "save": "Enregistrer la traduction",
        "saved": "Votre traduction a été enregistrée.",
        "edit": "Modifier la traduction en anglais",
        "translated_title": "Running good meetings",
        "translated_body": "How do you run **good** meetings?",
        "note": "Translated by the author.",
        "original": "Original in French",
    },
}


def starts(label):
    return re.compile("^" + re.escape(label) + r"\b")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_author_translates_and_a_reader_of_the_other_language_sees_it(visitor_factory, language):
    t = TEXT[language]
    other = "fr" if language == "en" else "en"
    community = CommunityFactory(slug="engagement", name_en="Engagement", name_fr="Mobilisation")
    author = UserFactory(full_name="Ada Author", preferred_language=language)
    MembershipFactory(community=community, member=author)
    thread = services.start_thread(
        community=community, author=author, title=t["title"], body=t["body"], language=language
    )
    with translation.override(language):
        authors_url = thread.get_absolute_url()
    with translation.override(other):
        readers_url = thread.get_absolute_url()

    writer = visitor_factory(f"translation-{language}-author", f"{language}-CA")
    writer.sign_in(author)
    writer.goto(authors_url)
    writer.page.get_by_role("link", name=t["add"]).click()
    writer.check("translation form")
    writer.page.get_by_role("textbox", name=starts(t["form_title"])).fill(t["translated_title"])
    writer.page.get_by_role("textbox", name=starts(t["form_body"])).fill(t["translated_body"])
    writer.page.get_by_role("button", name=t["save"]).click()
    writer.check("translation saved")
    assert t["saved"] in writer.page.get_by_role("status").first.inner_text()
    assert writer.page.get_by_role("link", name=t["edit"]).is_visible()
    # The author reads their page in their own language: the original.
    assert writer.page.locator("h1").inner_text() == t["title"]
    assert Thread.objects.get(pk=thread.pk).translated_title == t["translated_title"]

    reader = visitor_factory(f"translation-{language}-reader", f"{other}-CA")
    reader.goto(readers_url)
    heading = reader.page.locator("h1")
    assert heading.inner_text() == t["translated_title"] and heading.get_attribute("lang") == other
    translated = reader.page.locator(".post-opening .post-translation")
    assert translated.get_attribute("lang") == other
    assert translated.locator("strong").inner_text() == ("good" if other == "en" else "bonnes")
    assert reader.page.get_by_text(t["note"]).is_visible()
    original = reader.page.locator(".post-opening details.post-original")
    assert not original.locator(".post-body").is_visible()
    reader.page.get_by_text(t["original"]).click()
    assert original.locator(".post-body").get_attribute("lang") == language
    assert original.locator(".post-body").is_visible()
    reader.check("original opened")
