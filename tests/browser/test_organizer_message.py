"""An organizer writes to the participants from a French page: the message needs both languages, a missing
one is pointed out next to its field without losing what was typed, and each participant receives the
language of their profile. The list of messages sent reads in the page's language. axe on every page."""

import re

import pytest
from playwright.sync_api import expect

from events.models import OrganizerMessage
from events.services import registration as signups
from nmc_portal.models import OutboundEmail
from tests.events.factories import EventFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_organizer_writes_in_both_languages_and_each_participant_gets_theirs(visitor_factory):
    organizer = UserFactory(full_name="Olivia Singh", preferred_language="fr")
    event = EventFactory(
        slug="pacific-learning-day",
        title_en="Pacific Learning Day",
        title_fr="Journée d'apprentissage du Pacifique",
        organizers=[organizer],
    )
    maya = UserFactory(full_name="Maya Singh", email="maya.singh@tc.gc.ca", preferred_language="en")
    etienne = UserFactory(
        full_name="Étienne Gagnon", email="etienne.gagnon@tc.gc.ca", preferred_language="fr"
    )
    for member in (maya, etienne):
        signups.register(event=event, member=member)

    v = visitor_factory("organizer", locale="fr-CA")
    v.sign_in(organizer)
    v.goto(f"/fr/evenements/gerer/{event.slug}/message/")
    page = v.page
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_label("Objet (anglais)").fill("Parking")
    page.get_by_label("Message (anglais)").fill("Use lot B.")
    page.get_by_label("Objet (français)").fill("Stationnement")
    page.get_by_role("button", name="Envoyer le message").click()
    v.check("message sans français")

    # Refused: the French message is missing, said next to its field; nothing typed is lost, nothing sent.
    body_fr = page.get_by_label("Message (français)")
    field = page.locator(".form-field", has=body_fr)
    expect(field.get_by_text(re.compile("Écrivez le message en français"))).to_be_visible()
    expect(page.get_by_label("Objet (français)")).to_have_value("Stationnement")
    expect(page.get_by_label("Message (anglais)")).to_have_value("Use lot B.")
    assert OrganizerMessage.objects.count() == 0

    body_fr.fill("Utilisez le stationnement B.")
    page.get_by_role("button", name="Envoyer le message").click()
    v.check("message envoyé")
    page.wait_for_url(f"**/fr/evenements/gerer/{event.slug}/inscriptions/")

    sent = {e.recipient_email: e for e in OutboundEmail.objects.filter(kind="organizer_message")}
    assert sent[maya.email].subject == "[Pacific Learning Day] Parking"
    assert "Use lot B." in sent[maya.email].body_text
    assert sent[etienne.email].subject == "[Journée d'apprentissage du Pacifique] Stationnement"
    assert "Utilisez le stationnement B." in sent[etienne.email].body_text

    # The messages sent, in the page's language.
    v.goto(f"/fr/evenements/gerer/{event.slug}/message/")
    expect(page.get_by_role("heading", name="Stationnement", level=3)).to_be_visible()
    expect(page.get_by_text("Utilisez le stationnement B.")).to_be_visible()
    v.goto(f"/en/events/manage/{event.slug}/message/")
    expect(page.get_by_role("heading", name="Parking", level=3)).to_be_visible()
    expect(page.get_by_text("Use lot B.")).to_be_visible()
    expect(page.get_by_text("Stationnement")).to_have_count(0)
