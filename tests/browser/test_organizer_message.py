"""An organizer writes to the participants, in French and in English: the message needs both languages
(a missing one is pointed out next to its field, nothing typed lost), is previewed in both as the
recipients will read it, tested on the organizer's own address, edited, sent; the sending is followed
on a page that updates itself (htmx) until every email has left, and the list shows the counts.
Each participant receives it once, in the language of their profile. axe on every state."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from events.models import OrganizerMessage
from events.services import messages as outbox
from events.services import registration as signups
from nmc_portal.emails import send_recorded_email
from nmc_portal.models import OutboundEmail
from tests.events.factories import EventFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def day():
    event = EventFactory(
        slug="pacific-learning-day",
        title_en="Pacific Learning Day",
        title_fr="Journée d'apprentissage du Pacifique",
    )
    maya = UserFactory(full_name="Maya Singh", email="maya.singh@tc.gc.ca", preferred_language="en")
    etienne = UserFactory(
        full_name="Étienne Gagnon", email="etienne.gagnon@tc.gc.ca", preferred_language="fr"
    )
    for member in (maya, etienne):
        signups.register(event=event, member=member)
    return event, maya, etienne


def run_the_worker(message):
    """What the Celery worker does: the message's task, then each email's own send task."""
    outbox.send_message(message_id=message.pk)
    for email in OutboundEmail.objects.filter(kind="organizer_message", object_key=message.email_key):
        send_recorded_email(email.pk)


def received(message):
    """{address: subject} of the emails the participants received about the message (mail.outbox)."""
    found = {}
    for email in mail.outbox:
        if message.subject_en in email.subject or message.subject_fr in email.subject:
            assert email.to[0] not in found, f"{email.to[0]} received the message twice"
            found[email.to[0]] = email.subject
    return found


def test_organizer_previews_tests_edits_and_sends_in_french(visitor_factory, day):
    event, maya, etienne = day
    organizer = UserFactory(full_name="Olivia Singh", email="olivia.singh@tc.gc.ca", preferred_language="fr")
    event.organizers.add(organizer)

    v = visitor_factory("organizer-fr", locale="fr-CA")
    v.sign_in(organizer)
    v.goto(f"/fr/evenements/gerer/{event.slug}/message/")
    page = v.page
    page.get_by_label("Objet (anglais)").fill("Parking")
    page.get_by_label("Message (anglais)").fill("Use lot B.")
    page.get_by_label("Objet (français)").fill("Stationnement")
    page.get_by_role("button", name="Voir l'aperçu du message").click()
    v.check("message sans français")

    # Refused: the French message is missing, said next to its field; nothing typed is lost.
    body_fr = page.get_by_label("Message (français)")
    field = page.locator(".form-field", has=body_fr)
    expect(field.get_by_text(re.compile("Écrivez le message en français"))).to_be_visible()
    expect(page.get_by_label("Objet (français)")).to_have_value("Stationnement")
    expect(page.get_by_label("Message (anglais)")).to_have_value("Use lot B.")
    assert OrganizerMessage.objects.count() == 0

    body_fr.fill("Utilisez le stationnement B.")
    page.get_by_role("button", name="Voir l'aperçu du message").click()
    expect(page.get_by_role("heading", name="Voir l'aperçu du message", level=1)).to_be_visible()
    v.check("aperçu")
    french = page.get_by_role("region", name="Tel que lu en français")
    english = page.get_by_role("region", name="Tel que lu en anglais")
    expect(french).to_contain_text("[Journée d'apprentissage du Pacifique] Stationnement")
    expect(french).to_contain_text("Utilisez le stationnement B.")
    expect(english).to_contain_text("[Pacific Learning Day] Parking")
    expect(english).to_contain_text("Use lot B.")
    assert OrganizerMessage.objects.get().status == "draft"

    # A test, to the organizer alone, in their language.
    page.get_by_role("button", name="M'envoyer un essai").click()
    expect(page.get_by_role("alert").or_(page.get_by_role("status")).first).to_contain_text(
        "Un essai est en route vers olivia.singh@tc.gc.ca"
    )
    v.check("essai envoyé")
    test = OutboundEmail.objects.get(kind="organizer_message_test")
    assert (test.recipient_email, test.language) == (organizer.email, "fr")
    assert OutboundEmail.objects.filter(kind="organizer_message").count() == 0

    # Edit: back to the form with the text kept.
    page.get_by_role("link", name="Modifier", exact=True).click()
    expect(page.get_by_label("Message (français)")).to_have_value("Utilisez le stationnement B.")
    v.check("modifier")
    page.get_by_label("Objet (français)").fill("Stationnement du jour")
    page.get_by_role("button", name="Voir l'aperçu du message").click()
    expect(page.get_by_role("region", name="Tel que lu en français")).to_contain_text("Stationnement du jour")

    page.get_by_role("button", name="Envoyer", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stationnement du jour")
    expect(page.locator(".message-progress")).to_contain_text(
        "En attente\u00a0: 2, envoyés\u00a0: 0, en échec\u00a0: 0"
    )
    v.check("envoi en cours")
    message = OrganizerMessage.objects.get()
    assert message.status == "queued"

    # The worker sends; the page follows by itself (htmx), the bar full, the status said.
    run_the_worker(message)
    expect(page.locator(".message-progress")).to_contain_text("Envoi terminé", timeout=15000)
    expect(page.locator(".message-progress")).to_contain_text(
        "En attente\u00a0: 0, envoyés\u00a0: 2, en échec\u00a0: 0"
    )
    expect(page.locator("progress")).to_have_attribute("value", "2")
    v.check("envoi terminé")
    message.refresh_from_db()
    assert received(message) == {
        maya.email: "[Pacific Learning Day] Parking",
        etienne.email: "[Journée d'apprentissage du Pacifique] Stationnement du jour",
    }

    # The organizer comes back from the list of messages.
    page.get_by_role("link", name="Retour aux messages").click()
    item = page.locator(".sent-messages li", has=page.get_by_role("heading", name="Stationnement du jour"))
    expect(item).to_contain_text(
        "Envoyé · 2 destinataires · En attente\u00a0: 0, envoyés\u00a0: 2, en échec\u00a0: 0"
    )
    v.check("messages envoyés")
    item.get_by_role("link", name="Stationnement du jour").click()
    expect(page.locator(".message-progress")).to_contain_text("Envoi terminé")


def test_organizer_sends_in_english_and_leaves_while_it_is_sending(visitor_factory, day):
    event, maya, etienne = day
    organizer = UserFactory(full_name="Sam Lee", preferred_language="en")
    event.organizers.add(organizer)

    v = visitor_factory("organizer-en")
    v.sign_in(organizer)
    v.goto(f"/en/events/manage/{event.slug}/message/")
    page = v.page
    page.get_by_label("To").select_option(label="Everyone registered for the event")
    page.get_by_label("Subject (English)").fill("Lunch")
    page.get_by_label("Message (English)").fill("Lunch is at noon in room 2.")
    page.get_by_label("Subject (French)").fill("Dîner")
    page.get_by_label("Message (French)").fill("Le dîner est à midi dans la salle 2.")
    page.get_by_role("button", name="Preview the message").click()
    expect(page.get_by_role("region", name="As read in French")).to_contain_text("Le dîner est à midi")
    v.check("preview")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(
        page.get_by_role("status").filter(has_text="Your message is on its way to 2 people.")
    ).to_be_visible()
    expect(page.locator(".message-progress")).to_contain_text("2 queued, 0 sent, 0 failed")
    v.check("sending")

    # Leaves for the list while it is queued; comes back once the worker has run.
    page.get_by_role("link", name="Back to the messages").click()
    item = page.locator(".sent-messages li", has=page.get_by_role("heading", name="Lunch"))
    expect(item).to_contain_text("Queued · 2 recipients · 2 queued, 0 sent, 0 failed")
    v.check("list while queued")
    message = OrganizerMessage.objects.get()
    run_the_worker(message)
    item.get_by_role("link", name="Lunch").click()
    expect(page.locator(".message-progress")).to_contain_text("Sending finished")
    expect(page.locator(".message-progress")).to_contain_text("0 queued, 2 sent, 0 failed")
    v.check("sent")
    assert received(message) == {
        maya.email: "[Pacific Learning Day] Lunch",
        etienne.email: "[Journée d'apprentissage du Pacifique] Dîner",
    }
