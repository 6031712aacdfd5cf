"""A member on the waitlist is offered a freed place: the link in the email (as sent, in their language)
opens the offer with its deadline and their place in line; they accept and see themselves confirmed.
A second offer is left unanswered past its deadline: its page says it expired. Once per official
language, axe on every page and state; the organizer sets offers on and sees who holds one."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from events.models import Event, Registration, WaitlistOffer
from events.services import offers
from events.services import registration as signups
from nmc_portal.models import OutboundEmail
from nmc_portal.tasks import send_email_task
from tests.events.factories import EventFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = {
    "en": {
        "subject": "A place is free for you: Pacific learning day",
        "heading": "A place at Pacific learning day",
        "until": "Held for you until ",
        "position": "You are number 1 on the waiting list.",
        "accept": "Accept the place",
        "accepted": "You accepted the offer: your place is confirmed.",
        "confirmed": "You accepted this offer: your registration is confirmed.",
        "mine": "/en/events/my-events/",
        "registered": "Registered",
        "expired": "This offer expired on ",
        "pending": "A place is held for you: answer by ",
        "edit": "/en/events/manage/{slug}/edit/",
        "setting": "Offer freed places to the waitlist",
        "hold": "Time to answer an offer (hours)",
        "registrations": "/en/events/manage/{slug}/registrations/",
        "held": "offered, answer due by ",
    },
    "fr": {
        "subject": "Une place est libre pour vous\u00a0: Journée du Pacifique",
        "heading": "Une place à Journée du Pacifique",
        "until": "Réservée pour vous jusqu'au ",
        "position": "Vous êtes au rang 1 sur la liste d'attente.",
        "accept": "Accepter la place",
        "accepted": "Vous avez accepté l'offre\u00a0: votre place est confirmée.",
        "confirmed": "Vous avez accepté cette offre\u00a0: votre inscription est confirmée.",
        "mine": "/fr/evenements/mes-evenements/",
        "registered": "Inscription confirmée",
        "expired": "Cette offre a expiré le ",
        "pending": "Une place vous est réservée\u00a0: répondez avant le ",
        "edit": "/fr/evenements/gerer/{slug}/modifier/",
        "setting": "Offrir les places libérées à la liste d'attente",
        "hold": "Délai pour répondre à une offre (heures)",
        "registrations": "/fr/evenements/gerer/{slug}/inscriptions/",
        "held": "offre faite, réponse attendue avant le ",
    },
}


def learning_day(slug, **fields):
    return EventFactory(
        **fields,
        slug=slug,
        status=Event.Status.PUBLISHED,
        capacity=1,
        waitlist_offers=True,
        title_en="Pacific learning day",
        title_fr="Journée du Pacifique",
    )


def offer_link(offer):
    """The offer email as the mail server received it, and the path of its link."""
    email = OutboundEmail.objects.get(kind=OutboundEmail.Kind.WAITLIST_OFFER, object_key=offer.email_key)
    sent = len(mail.outbox)
    send_email_task(email_id=email.pk)  # what the Celery worker runs after the commit
    [message] = mail.outbox[sent:]
    assert message.to == [email.recipient_email]
    link = re.search(r"https?://\S+/of(?:fer|fre)s/[0-9a-f-]+/", message.body).group(0)
    return message, urlsplit(link).path


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_member_accepts_a_held_offer_and_sees_an_expired_one(visitor_factory, language):
    t = TEXT[language]
    organizer = UserFactory()
    event = learning_day(f"pacific-{language}", organizers=[organizer])
    member = UserFactory(full_name="Maya Singh", preferred_language=language)
    holder = signups.register(event=event, member=UserFactory())
    waiting = signups.register(event=event, member=member)
    signups.register(event=event, member=UserFactory())  # behind the member
    signups.cancel_registration(registration=holder)  # the place is offered to the member

    message, path = offer_link(WaitlistOffer.objects.get(event=event, registration=waiting))
    assert message.subject == t["subject"]

    # The organizer: the settings on the event's form, and who holds the offer, until when.
    o = visitor_factory(f"waitlist-offer-settings-{language}", "fr-CA" if language == "fr" else "en-CA")
    o.sign_in(organizer)
    o.goto(t["edit"].format(slug=event.slug))
    expect(o.page.get_by_label(t["setting"])).to_be_checked()
    expect(o.page.get_by_label(t["hold"])).to_have_value("24")
    o.goto(t["registrations"].format(slug=event.slug))
    expect(o.page.get_by_role("row", name=re.compile("Maya Singh"))).to_contain_text(t["held"])

    v = visitor_factory(f"waitlist-offer-{language}", "fr-CA" if language == "fr" else "en-CA")
    v.sign_in(member)
    v.goto(t["mine"])
    pending = re.compile(re.escape(t["pending"]).replace("\u00a0", r"\s"))  # names read NBSP as a space
    expect(v.page.get_by_role("link", name=pending)).to_be_visible()
    v.goto(path)
    expect(v.page.get_by_role("heading", level=1)).to_have_text(t["heading"])
    expect(v.page.get_by_text(t["until"])).to_be_visible()
    expect(v.page.get_by_text(t["position"])).to_be_visible()
    v.page.get_by_role("button", name=t["accept"]).click()
    v.check("accepted")
    expect(v.page.get_by_role("status").first).to_contain_text(t["accepted"])
    expect(v.page.get_by_text(t["confirmed"])).to_be_visible()
    assert Registration.objects.get(pk=waiting.pk).status == "confirmed"
    v.goto(t["mine"])
    expect(v.page.locator(".my-registration").first).to_contain_text(t["registered"])

    # Another event: its offer runs past its deadline unanswered, the scan passes it on.
    other = learning_day(f"pacific-later-{language}")
    first = signups.register(event=other, member=UserFactory())
    signups.register(event=other, member=member)
    signups.cancel_registration(registration=first)
    offer = WaitlistOffer.objects.get(event=other)
    offers.expire_offers(now=offer.expires_at)
    _message, path = offer_link(offer)
    response = v.goto(path)
    assert response.status == 410
    expect(v.page.get_by_text(t["expired"])).to_be_visible()
    assert v.page.get_by_role("button", name=t["accept"]).count() == 0
