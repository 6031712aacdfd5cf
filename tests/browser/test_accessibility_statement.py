"""From any page's footer to the accessibility statement, a barrier report with its errors, and the
terms and contact pages, in English and in French, each page and state checked with axe."""

import re

import pytest
from playwright.sync_api import expect

from nmc_portal.models import BarrierReport, OutboundEmail

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = {
    "en": {
        "footer": "Accessibility",
        "heading": "Accessibility statement",
        "describe": "Description",
        "email": "Your email address",
        "send": "Send my report",
        "error": "Description: This field is required.",
        "sent": "Thank you: your report was sent",
        "format": "A document in another format",
        "terms": "Terms of use",
        "contact": "Contact us",
    },
    "fr": {
        "footer": "Accessibilité",
        "heading": "Déclaration d'accessibilité",
        "describe": "Description",
        "email": "Votre adresse courriel",
        "send": "Envoyer mon signalement",
        "error": "Description\u00a0: Ce champ est obligatoire.",
        "sent": "Merci\u00a0: votre signalement a été envoyé",
        "format": "Un document dans un autre format",
        "terms": "Conditions d'utilisation",
        "contact": "Nous joindre",
    },
}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_report_a_barrier_from_the_footer(visitor_factory, language):
    words = WORDS[language]
    other = "fr-CA" if language == "en" else "en-CA"  # only the page can keep the language
    v = visitor_factory(f"accessibility-{language}", locale=other)
    v.goto(f"/{language}/")
    footer = v.page.get_by_role("contentinfo")
    footer.get_by_role("link", name=words["footer"], exact=True).click()
    expect(v.page.get_by_role("heading", level=1)).to_have_text(words["heading"])
    v.check("statement")

    v.page.get_by_role("radio", name=words["format"]).check()
    v.page.get_by_label(words["email"]).fill("ana.pereira@canada.ca")
    v.page.get_by_role("button", name=words["send"]).click()
    expect(v.page.get_by_role("alert")).to_contain_text(words["error"])
    v.check("statement with an error")
    assert BarrierReport.objects.count() == 0

    v.page.get_by_role("link", name=words["error"]).click()
    expect(v.page.get_by_label(words["describe"])).to_be_focused()
    v.page.get_by_label(words["describe"]).fill("Le certificat PDF / The PDF certificate, tagged please.")
    v.page.get_by_role("button", name=words["send"]).click()
    expect(v.page.get_by_role("heading", level=1)).to_have_text(words["sent"])
    assert re.search(rf"/{language}/", v.page.url)
    v.check("report sent")
    saved = BarrierReport.objects.get()
    assert (saved.kind, saved.language) == ("alternate_format", language)
    assert OutboundEmail.objects.get(kind="barrier_report_received").language == language

    footer = v.page.get_by_role("contentinfo")
    footer.get_by_role("link", name=words["terms"]).click()
    expect(v.page.get_by_role("heading", level=1)).to_have_text(words["terms"])
    v.check("terms")
    v.page.get_by_role("contentinfo").get_by_role("link", name=words["contact"]).click()
    expect(v.page.get_by_role("heading", level=1)).to_have_text(words["contact"])
    v.check("contact")
