"""A participant downloads their certificate of attendance from My events, in English and in French,
and anyone checks it on the verification page by typing its code. axe runs on every page and state."""

import datetime as dt
import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from events.models import Certificate, Registration
from tests.events.factories import EventFactory, SessionFactory, at
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = {
    "en": {
        "mine": "My events",
        "download": "My certificate of attendance (PDF)",
        "title": "Certificate of attendance",
        "code": "Verification code",
        "check": "Check",
        "genuine": "is genuine.",
        "none": "No certificate has this code.",
    },
    "fr": {
        "mine": "Mes événements",
        "download": "Mon attestation de participation (PDF)",
        "title": "Attestation de participation",
        "code": "Code de vérification",
        "check": "Vérifier",
        "genuine": "est authentique.",
        "none": "Aucune attestation ne porte ce code.",
    },
}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_participant_downloads_a_certificate_and_anyone_checks_it(visitor_factory, tmp_path, language):
    words = WORDS[language]
    event = EventFactory(
        title_en="Social Media Learning Day",
        title_fr="Journée d'apprentissage sur les médias sociaux",
        start_date=dt.date(2026, 10, 15),
    )
    SessionFactory(event=event, starts_at=at(event, 9), ends_at=at(event, 12))
    member = UserFactory(full_name="Dominique Lavoie", preferred_language=language)
    Registration.objects.create(event=event, user=member, status="confirmed", checked_in_at=at(event, 8, 50))

    visitor = visitor_factory(f"certificate-{language}", locale=f"{language}-CA")
    page = visitor.page
    visitor.sign_in(member)
    visitor.goto(f"/{language}/")
    page.get_by_role("link", name=words["mine"], exact=True).first.click()
    visitor.check("my events")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(re.escape(words["download"]))).click()
    path = tmp_path / "certificate.pdf"
    download.value.save_as(path)
    text = PdfReader(io.BytesIO(path.read_bytes())).pages[0].extract_text()
    certificate = Certificate.objects.get()
    assert words["title"] in text and "Dominique Lavoie" in text and certificate.code in text

    # Someone checks the code, typed in lower case from the paper.
    checker = visitor_factory(f"certificate-check-{language}", locale=f"{language}-CA")
    checker.goto(f"/{language}/{'evenements/attestations' if language == 'fr' else 'events/certificates'}/")
    checker.page.get_by_label(words["code"]).fill("abcd efgh jkmn")
    checker.page.get_by_role("button", name=words["check"]).click()
    expect(checker.page.get_by_role("alert")).to_contain_text(words["none"])
    checker.check("unknown code")
    checker.page.get_by_label(words["code"]).fill(certificate.code.lower())
    checker.page.get_by_label(words["code"]).focus()
    checker.check("code typed")
    checker.page.get_by_role("button", name=words["check"]).click()
    expect(checker.page.get_by_role("status")).to_contain_text(words["genuine"])
    expect(checker.page.get_by_role("main")).to_contain_text("Dominique Lavoie")
    checker.check("genuine")
    expect(checker.page.locator("html")).to_have_attribute("lang", language)
