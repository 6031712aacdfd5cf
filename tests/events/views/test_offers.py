"""The held-offer page (from the link in the email), My events and the ticket with an offer pending, and
the organizer's settings for offers."""

import datetime as dt
import re

import pytest
from django.db.models import F
from django.utils import timezone

from events.models import Event, Registration, Session, WaitlistOffer
from events.services import registration as signups
from nmc_portal.models import OutboundEmail
from tests.events.factories import EventFactory, workshop
from tests.events.views.test_builder import event_post
from tests.factories import UserFactory
from tests.helpers import assert_constant_queries, page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def offered():
    """An event of one place with offers on: the place freed, the first of two waiting holds an offer."""
    event = EventFactory(capacity=1, waitlist_offers=True, title_en="Pacific learning day")
    first, waiting, behind = (signups.register(event=event, member=UserFactory()) for _ in range(3))
    signups.cancel_registration(registration=first)
    return WaitlistOffer.objects.get(), waiting, behind


def url(offer, language="en"):
    return f"/{language}/{'events/offers' if language == 'en' else 'evenements/offres'}/{offer.token}/"


def link_in_email(member):
    email = OutboundEmail.objects.get(kind=OutboundEmail.Kind.WAITLIST_OFFER, recipient=member)
    return re.search(r"https?://[^/\s]+(/(?:en|fr)/\S+/of(?:fer|fre)s/[0-9a-f-]+/)", email.body_text).group(1)


def test_the_link_in_the_email_is_the_offer_page(client, offered):
    offer, waiting, _behind = offered
    assert link_in_email(waiting.user) == url(offer)


def test_the_offer_page_asks_visitors_to_sign_in(client, offered):
    offer, *_ = offered
    response = client.get(url(offer))
    assert (response.status_code, response["Location"]) == (302, f"/en/accounts/login/?next={url(offer)}")


def test_the_offer_page_is_404_to_anyone_but_the_member_offered(client, offered):
    offer, _waiting, behind = offered
    client.force_login(behind.user)
    assert client.get(url(offer)).status_code == 404
    assert client.post(url(offer), {"answer": "accept"}).status_code == 404
    assert WaitlistOffer.objects.get(pk=offer.pk).status == "offered"


def test_the_offer_page_shows_the_deadline_and_the_position(client, offered):
    offer, waiting, _behind = offered
    client.force_login(waiting.user)
    response = client.get(url(offer))
    assert response.status_code == 200
    text = page_text(response.content.decode())
    assert "A place at Pacific learning day" in text
    assert "Held for you until " in text
    assert "You are number 1 on the waiting list." in text


def test_accepting_confirms_and_a_second_click_is_harmless(client, offered):
    offer, waiting, behind = offered
    client.force_login(waiting.user)
    first = client.post(url(offer), {"answer": "accept"})
    second = client.post(url(offer), {"answer": "accept"})
    assert [(r.status_code, r["Location"]) for r in (first, second)] == [(302, url(offer))] * 2
    assert Registration.objects.get(pk=waiting.pk).status == "confirmed"
    assert Registration.objects.get(pk=behind.pk).waitlist_position == 1
    text = page_text(client.get(url(offer)).content.decode())
    assert "You accepted this offer: your registration is confirmed." in text


def test_accepting_an_expired_offer_says_so_with_a_410(client, offered):
    offer, waiting, _behind = offered
    past = timezone.now() - dt.timedelta(hours=1)
    WaitlistOffer.objects.filter(pk=offer.pk).update(
        offered_at=past - dt.timedelta(hours=24), expires_at=past
    )
    client.force_login(waiting.user)
    response = client.post(url(offer), {"answer": "accept"})
    assert response.status_code == 410
    assert "This offer has expired" in page_text(response.content.decode())
    assert Registration.objects.get(pk=waiting.pk).status == "waitlisted"
    page = client.get(url(offer))
    assert page.status_code == 410
    assert "This offer expired on " in page_text(page.content.decode())


def test_declining_passes_the_place_on(client, offered):
    offer, waiting, behind = offered
    client.force_login(waiting.user)
    response = client.post(url(offer), {"answer": "decline"}, follow=True)
    assert response.status_code == 410
    assert "You declined the offer: the place goes to the next person waiting." in page_text(
        response.content.decode()
    )
    assert Registration.objects.get(pk=waiting.pk).status == "cancelled"
    assert WaitlistOffer.objects.get(status="offered").registration_id == behind.pk


def test_an_answer_that_is_neither_is_400(client, offered):
    offer, waiting, _behind = offered
    client.force_login(waiting.user)
    response = client.post(url(offer), {"answer": "maybe"})
    assert response.status_code == 400
    assert "Choose to accept or to decline the offer." in page_text(response.content.decode())
    assert WaitlistOffer.objects.get(pk=offer.pk).status == "offered"


def test_declining_an_accepted_offer_is_409_and_keeps_the_place(client, offered):
    offer, waiting, _behind = offered
    client.force_login(waiting.user)
    client.post(url(offer), {"answer": "accept"})
    response = client.post(url(offer), {"answer": "decline"})
    assert response.status_code == 409
    assert "You accepted this offer already" in page_text(response.content.decode())
    assert Registration.objects.get(pk=waiting.pk).status == "confirmed"


def test_the_offer_page_in_french(client, offered):
    offer, waiting, _behind = offered
    client.force_login(waiting.user)
    text = page_text(client.get(url(offer, "fr")).content.decode())
    assert "Réservée pour vous jusqu'au " in text
    assert "Vous êtes au rang 1 sur la liste d'attente." in text
    assert "Accepter la place" in text


def test_my_events_shows_the_pending_offer_with_its_deadline(client, offered):
    offer, waiting, behind = offered
    client.force_login(waiting.user)
    html = client.get("/en/events/my-events/").content.decode()
    assert "Number 1 on the waitlist" in page_text(html)
    assert "A place is held for you: answer by " in page_text(html)
    assert f'href="{url(offer)}"' in html
    client.force_login(behind.user)
    text = page_text(client.get("/en/events/my-events/").content.decode())
    assert "Number 2 on the waitlist" in text
    assert "A place is held for you" not in text


def test_the_ticket_shows_a_workshop_offer_pending(client):
    event = EventFactory(capacity=10, waitlist_offers=True)
    session = workshop(event, 13, capacity=1, title_en="Coaching")
    holder, waiting = (signups.register(event=event, member=UserFactory()) for _ in range(2))
    for registration in (holder, waiting):
        signups.choose_workshops(registration=registration, sessions=[session])
    signups.cancel_workshop(choice=holder.choices.get())
    offer = WaitlistOffer.objects.get()
    client.force_login(waiting.user)
    html = client.get(f"/en/events/{event.slug}/ticket/").content.decode()
    assert "Number 1 on the waitlist · A place is held for you: answer by " in page_text(html)
    assert f'href="{url(offer)}"' in html
    page = page_text(client.get(url(offer)).content.decode())
    assert "A seat in the workshop “Coaching”" in page


def test_offer_page_queries_do_not_grow(client, offered):
    offer, waiting, _behind = offered
    client.force_login(waiting.user)

    def grow():
        for _ in range(5):
            signups.register(event=offer.event, member=UserFactory())

    assert_constant_queries(client, url(offer), grow)


def test_my_events_queries_do_not_grow_with_offers(client):
    member = UserFactory()
    client.force_login(member)

    def offers_to_the_member():
        # A place in an event...
        event = EventFactory(capacity=1, waitlist_offers=True)
        first = signups.register(event=event, member=UserFactory())
        signups.register(event=event, member=member)
        signups.cancel_registration(registration=first)
        # ...and a seat in a workshop.
        other = EventFactory(capacity=10, waitlist_offers=True)
        session = workshop(other, 13, capacity=1)
        holder = signups.register(event=other, member=UserFactory())
        signups.choose_workshops(registration=holder, sessions=[session])
        mine = signups.register(event=other, member=member)
        signups.choose_workshops(registration=mine, sessions=[session])
        signups.cancel_workshop(choice=holder.choices.get())

    offers_to_the_member()

    def grow():
        for _ in range(3):
            offers_to_the_member()

    assert_constant_queries(client, "/en/events/my-events/", grow)
    assert WaitlistOffer.objects.filter(registration__user=member, status="offered").count() == 8


def test_ticket_queries_do_not_grow_with_workshop_offers(client):
    event = EventFactory(capacity=50, waitlist_offers=True, max_workshops_per_person=6)
    member = UserFactory()
    mine = signups.register(event=event, member=member)
    client.force_login(member)

    def grow():
        for hour in (9, 11, 15):
            session = workshop(event, hour, capacity=1)
            holder = signups.register(event=event, member=UserFactory())
            signups.choose_workshops(registration=holder, sessions=[session])
            sessions = [c.session for c in mine.choices.select_related("session")]
            signups.choose_workshops(registration=mine, sessions=[*sessions, session])
            signups.cancel_workshop(choice=holder.choices.get())

    assert_constant_queries(client, f"/en/events/{event.slug}/ticket/", grow)
    assert WaitlistOffer.objects.filter(registration=mine, status="offered").count() == 3


# The organizer's settings -------------------------------------------------------------------------


def test_the_event_form_has_the_offer_settings_in_french(client):
    organizer = UserFactory()
    event = EventFactory(organizers=[organizer])
    client.force_login(organizer)
    text = page_text(client.get(f"/fr/evenements/gerer/{event.slug}/modifier/").content.decode())
    assert "Offrir les places libérées à la liste d'attente" in text
    assert "Délai pour répondre à une offre (heures)" in text
    assert "Dernières offres (heures avant l'événement)" in text


def test_the_organizer_turns_offers_on_with_their_times(client):
    organizer = UserFactory()
    event = EventFactory(organizers=[organizer])
    client.force_login(organizer)
    data = event_post(waitlist_offers="on", offer_hold_hours="12", offer_cutoff_hours="72")
    response = client.post(f"/en/events/manage/{event.slug}/edit/", data)
    assert response.status_code == 302
    event = Event.objects.get(pk=event.pk)
    assert (event.waitlist_offers, event.offer_hold_hours, event.offer_cutoff_hours) == (True, 12, 72)


def test_left_empty_the_offer_times_keep_their_values(client):
    organizer = UserFactory()
    event = EventFactory(organizers=[organizer], offer_hold_hours=6)
    client.force_login(organizer)
    response = client.post(f"/en/events/manage/{event.slug}/edit/", event_post())
    assert response.status_code == 302
    event = Event.objects.get(pk=event.pk)
    assert (event.waitlist_offers, event.offer_hold_hours, event.offer_cutoff_hours) == (False, 6, 48)


def test_a_time_to_answer_of_zero_hours_is_refused_at_the_field(client):
    organizer = UserFactory()
    event = EventFactory(organizers=[organizer])
    client.force_login(organizer)
    response = client.post(f"/en/events/manage/{event.slug}/edit/", event_post(offer_hold_hours="0"))
    assert response.status_code == 400
    assert "Ensure this value is greater than or equal to 1." in page_text(response.content.decode())
    assert Event.objects.get(pk=event.pk).offer_hold_hours == 24


# What organizers see ------------------------------------------------------------------------------


@pytest.fixture
def workshop_offer():
    """A one-seat workshop with offers on: its seat freed and offered to the first of two waiting."""
    organizer = UserFactory()
    event = EventFactory(capacity=50, waitlist_offers=True, organizers=[organizer])
    session = workshop(event, 13, capacity=1, title_en="Coaching")
    people = [signups.register(event=event, member=UserFactory()) for _ in range(3)]
    for registration in people:
        signups.choose_workshops(registration=registration, sessions=[session])
    signups.cancel_workshop(choice=people[0].choices.get())
    return organizer, event, session


def test_the_roster_and_the_registrations_show_who_holds_an_offer(client, workshop_offer):
    organizer, event, session = workshop_offer
    client.force_login(organizer)
    roster = page_text(client.get(f"/en/events/manage/{event.slug}/workshops/{session.pk}/").content.decode())
    assert roster.count("offered, answer due by ") == 1
    listing = page_text(client.get(f"/en/events/manage/{event.slug}/registrations/").content.decode())
    assert listing.count("(waitlist 1 · offered, answer due by ") == 1
    assert "(waitlist 2)" in listing


def test_registrations_queries_do_not_grow_with_offers(client, workshop_offer):
    organizer, event, _session = workshop_offer
    client.force_login(organizer)

    def grow():
        for _ in range(3):
            holder, waiting = (signups.register(event=event, member=UserFactory()) for _ in range(2))
            other = workshop(event, 15, capacity=1)
            for registration in (holder, waiting):
                signups.choose_workshops(registration=registration, sessions=[other])
            signups.cancel_workshop(choice=holder.choices.get())

    assert_constant_queries(client, f"/en/events/manage/{event.slug}/registrations/", grow)


def test_roster_queries_do_not_grow_with_offers(client, workshop_offer):
    organizer, event, session = workshop_offer
    client.force_login(organizer)

    def grow():
        for _ in range(4):
            registration = signups.register(event=event, member=UserFactory())
            signups.choose_workshops(registration=registration, sessions=[session])
        Session.objects.filter(pk=session.pk).update(capacity=F("capacity") + 3)
        signups.fill_free_places(event=event)  # three more seats, offered

    assert_constant_queries(client, f"/en/events/manage/{event.slug}/workshops/{session.pk}/", grow)
    assert WaitlistOffer.objects.filter(session=session, status="offered").count() == 4


def test_a_french_member_signs_in_from_the_offer_link_and_lands_on_the_french_offer(client, offered):
    """The email's link in French, opened signed out: the sign-in page is French, and after it the
    member is back on the French offer page (the language survives the sign-in)."""
    offer, waiting, _behind = offered
    waiting.user.set_password("a long enough passphrase 42")
    waiting.user.save()
    response = client.get(url(offer, "fr"))
    login = response["Location"]
    assert response.status_code == 302 and login.startswith("/fr/")
    assert 'lang="fr"' in client.get(login).content.decode()
    signed_in = client.post(
        login, {"login": waiting.user.email, "password": "a long enough passphrase 42"}, follow=True
    )
    assert signed_in.redirect_chain[-1][0] == url(offer, "fr")
    html = signed_in.content.decode()
    assert 'lang="fr"' in html and "Accepter" in page_text(html)
