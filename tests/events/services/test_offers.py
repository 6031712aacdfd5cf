"""Held offers on waitlists (events.services.offers), against real PostgreSQL rows.

Time is passed in (`now=`), never waited for: an offer's deadline is read from its row and the scan or
the answer is run just before or after it.
"""

import datetime as dt

import pytest
from django.utils import timezone

from events.models import Event, Registration, Session, WaitlistOffer, WorkshopChoice
from events.services import agenda, offers
from events.services import registration as signups
from nmc_portal.errors import DomainError
from nmc_portal.models import OutboundEmail
from tests.events.factories import EventFactory, workshop
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SECOND = dt.timedelta(seconds=1)


def register_all(event, count, **user):
    return [signups.register(event=event, member=UserFactory(**user)) for _ in range(count)]


def waitlist(event):
    return list(
        event.registrations.filter(status="waitlisted")
        .order_by("waitlist_position")
        .values_list("pk", "waitlist_position")
    )


def open_offers(**place):
    return list(WaitlistOffer.objects.filter(status="offered", **place).order_by("pk"))


def offer_emails(registration):
    return list(
        OutboundEmail.objects.filter(kind=OutboundEmail.Kind.WAITLIST_OFFER, recipient=registration.user)
    )


def assert_counters(event):
    """The counters count confirmed rows plus seats held by open offers, and nothing is oversold."""
    event = Event.objects.get(pk=event.pk)
    held = WaitlistOffer.objects.filter(event=event, session=None, status="offered").count()
    confirmed = event.registrations.filter(status="confirmed").count()
    assert event.confirmed_count == confirmed + held
    assert event.capacity is None or event.confirmed_count <= event.capacity
    assert event.waitlist_count == event.registrations.filter(status="waitlisted").count()
    assert [p for _pk, p in waitlist(event)] == list(range(1, event.waitlist_count + 1))
    for session in Session.objects.filter(event=event):
        held = WaitlistOffer.objects.filter(session=session, status="offered").count()
        assert session.confirmed_count == session.choices.filter(status="confirmed").count() + held
        assert session.capacity is None or session.confirmed_count <= session.capacity
        positions = sorted(
            session.choices.filter(status="waitlisted").values_list("waitlist_position", flat=True)
        )
        assert positions == list(range(1, session.waitlist_count + 1))
    # recount_places (from the rows) agrees with what the services kept.
    kept = Event.objects.values_list("confirmed_count", "waitlist_count").get(pk=event.pk)
    signups.recount_places(events=Event.objects.filter(pk=event.pk))
    assert Event.objects.values_list("confirmed_count", "waitlist_count").get(pk=event.pk) == kept


@pytest.fixture
def event(db):
    """Two places, offers on (24 hours to answer), far in the future."""
    return EventFactory(capacity=2, waitlist_offers=True)


@pytest.fixture
def full(event):
    """Two confirmed, three waiting."""
    return register_all(event, 5)


def test_with_offers_off_a_freed_place_goes_at_once_to_the_first_waiting():
    event = EventFactory(capacity=1)
    first, second = register_all(event, 2)
    signups.cancel_registration(registration=first)
    assert Registration.objects.get(pk=second.pk).status == "confirmed"
    assert WaitlistOffer.objects.count() == 0


def test_a_freed_place_is_offered_to_the_first_waiting_and_held(event, full):
    before = timezone.now()
    signups.cancel_registration(registration=full[0])
    [offer] = open_offers()
    assert (offer.registration_id, offer.session_id, offer.event_id) == (full[2].pk, None, event.pk)
    assert before <= offer.offered_at <= timezone.now()
    assert offer.expires_at - offer.offered_at == dt.timedelta(hours=24)
    # Still waiting, at the front, until they answer; the seat counts as taken.
    assert waitlist(event) == [(full[2].pk, 1), (full[3].pk, 2), (full[4].pk, 3)]
    assert Event.objects.get(pk=event.pk).confirmed_count == 2
    [email] = offer_emails(full[2])
    assert email.object_key == f"waitlist-offer:{offer.pk}"
    assert f"/en/events/offers/{offer.token}/" in email.body_text
    assert "Accept it by " in email.body_text
    assert "you leave the waiting list" in email.body_text
    assert_counters(event)


def test_a_newcomer_cannot_take_a_held_place(event, full):
    signups.cancel_registration(registration=full[0])
    newcomer = signups.register(event=event, member=UserFactory())
    assert (newcomer.status, newcomer.waitlist_position) == ("waitlisted", 4)
    assert_counters(event)


def test_the_offer_email_is_in_the_members_language(event):
    register_all(event, 2)
    [french] = register_all(event, 1, preferred_language="fr")
    signups.cancel_registration(registration=event.registrations.filter(status="confirmed").first())
    [email] = offer_emails(french)
    offer = WaitlistOffer.objects.get()
    assert email.language == "fr"
    assert email.subject.startswith("Une place est libre pour vous")
    assert f"/fr/evenements/offres/{offer.token}/" in email.body_text


def test_accepting_confirms_the_registration_and_moves_the_line_up(event, full):
    signups.cancel_registration(registration=full[0])
    [offer] = open_offers()
    accepted = offers.accept_offer(offer=offer, now=offer.expires_at - SECOND)
    assert (accepted.status, WaitlistOffer.objects.get(pk=offer.pk).status) == ("accepted", "accepted")
    registration = Registration.objects.get(pk=full[2].pk)
    assert (registration.status, registration.waitlist_position) == ("confirmed", None)
    assert waitlist(event) == [(full[3].pk, 1), (full[4].pk, 2)]
    event.refresh_from_db()
    assert (event.confirmed_count, event.waitlist_count) == (2, 2)
    promoted = OutboundEmail.objects.filter(
        kind=OutboundEmail.Kind.REGISTRATION_PROMOTED, recipient=full[2].user
    )
    assert promoted.count() == 1
    assert_counters(event)


def test_accepting_twice_is_harmless(event, full):
    signups.cancel_registration(registration=full[0])
    [offer] = open_offers()
    offers.accept_offer(offer=offer)
    again = offers.accept_offer(offer=offer)
    assert again.status == "accepted"
    assert Event.objects.values_list("confirmed_count", "waitlist_count").get(pk=event.pk) == (2, 2)
    assert OutboundEmail.objects.filter(recipient=full[2].user).count() == 3  # received, offer, promoted
    assert_counters(event)


def test_an_offer_past_its_deadline_cannot_be_accepted(event, full):
    signups.cancel_registration(registration=full[0])
    [offer] = open_offers()
    with pytest.raises(DomainError, match="This offer has expired"):
        offers.accept_offer(offer=offer, now=offer.expires_at)
    assert Registration.objects.get(pk=full[2].pk).status == "waitlisted"
    offers.expire_offers(now=offer.expires_at)
    with pytest.raises(DomainError, match="This offer has expired"):
        offers.accept_offer(offer=offer, now=offer.expires_at - SECOND)
    assert_counters(event)


def test_declining_passes_the_place_to_the_next_and_leaves_the_waitlist(event, full):
    signups.cancel_registration(registration=full[0])
    [offer] = open_offers()
    offers.decline_offer(offer=offer)
    offers.decline_offer(offer=offer)  # a second click: the same answer
    assert WaitlistOffer.objects.get(pk=offer.pk).status == "declined"
    assert Registration.objects.get(pk=full[2].pk).status == "cancelled"
    [passed] = open_offers()
    assert passed.registration_id == full[3].pk
    assert waitlist(event) == [(full[3].pk, 1), (full[4].pk, 2)]
    assert len(offer_emails(full[3])) == 1
    with pytest.raises(DomainError, match="You declined this offer"):
        offers.accept_offer(offer=offer)
    assert_counters(event)


def test_an_accepted_offer_cannot_be_declined(event, full):
    signups.cancel_registration(registration=full[0])
    [offer] = open_offers()
    offers.accept_offer(offer=offer)
    with pytest.raises(DomainError, match="You accepted this offer already"):
        offers.decline_offer(offer=offer)


def test_the_scan_expires_offers_past_their_deadline_once_and_passes_them_on(event, full):
    signups.cancel_registration(registration=full[0])
    [offer] = open_offers()
    assert offers.expire_offers(now=offer.expires_at - SECOND) == 0
    assert offers.expire_offers(now=offer.expires_at) == 1
    assert offers.expire_offers(now=offer.expires_at) == 0
    expired = WaitlistOffer.objects.get(pk=offer.pk)
    assert (expired.status, expired.answered_at) == ("expired", offer.expires_at)
    assert Registration.objects.get(pk=full[2].pk).status == "cancelled"
    [passed] = open_offers()
    assert passed.registration_id == full[3].pk
    assert passed.offered_at == offer.expires_at
    assert len(offer_emails(full[3])) == 1
    assert_counters(event)


def test_when_nobody_else_waits_an_expired_offer_frees_the_place_for_anyone(event):
    first, _second, waiting = register_all(event, 3)
    signups.cancel_registration(registration=first)
    [offer] = open_offers()
    offers.expire_offers(now=offer.expires_at)
    assert open_offers() == []
    assert Event.objects.get(pk=event.pk).confirmed_count == 1
    newcomer = signups.register(event=event, member=UserFactory())
    assert newcomer.status == "confirmed"
    assert_counters(event)


def test_a_member_cancelling_while_holding_an_offer_passes_it_on(event, full):
    signups.cancel_registration(registration=full[0])
    [offer] = open_offers()
    signups.cancel_registration(registration=full[2])
    assert WaitlistOffer.objects.get(pk=offer.pk).status == "declined"
    [passed] = open_offers()
    assert passed.registration_id == full[3].pk
    assert_counters(event)


def test_several_freed_places_make_one_offer_each_in_order(event):
    people = register_all(event, 6)
    signups.cancel_registration(registration=people[0])
    signups.cancel_registration(registration=people[1])
    assert [o.registration_id for o in open_offers()] == [people[2].pk, people[3].pk]
    assert_counters(event)


def test_raising_the_capacity_offers_the_new_places(event, full):
    fields = {name: getattr(event, name) for name in agenda.EVENT_FIELDS}
    agenda.update_event(event=event, **{**fields, "capacity": 4})
    assert [o.registration_id for o in open_offers()] == [full[2].pk, full[3].pk]
    assert_counters(event)


# Time to answer and cut-off ---------------------------------------------------------------------


def starting_in(days, **fields):
    """An event whose first day starts `days` days from today at the venue."""
    event = EventFactory(start_date=dt.date(2030, 1, 1), **fields)
    event.start_date = event.end_date = timezone.now().astimezone(event.tzinfo).date() + dt.timedelta(
        days=days
    )
    event.save()
    return event


def test_the_hold_is_shorter_as_the_event_nears_never_past_the_cut_off():
    event = EventFactory(waitlist_offers=True, offer_hold_hours=24, offer_cutoff_hours=48)
    cutoff = event.starts_at() - dt.timedelta(hours=48)
    assert offers.cutoff_at(event) == cutoff
    assert offers.hold_until(event, cutoff - dt.timedelta(days=5)) == cutoff - dt.timedelta(days=4)
    assert offers.hold_until(event, cutoff - dt.timedelta(hours=10)) == cutoff
    assert offers.offers_apply(event, cutoff - SECOND)
    assert not offers.offers_apply(event, cutoff)


def test_an_offer_made_near_the_cut_off_ends_at_the_cut_off():
    event = starting_in(3, capacity=1, waitlist_offers=True, offer_cutoff_hours=48)  # cut-off within a day
    first, waiting = register_all(event, 2)
    signups.cancel_registration(registration=first)
    [offer] = open_offers()
    assert offer.expires_at == offers.cutoff_at(event) == event.starts_at() - dt.timedelta(hours=48)
    assert offer.expires_at - offer.offered_at < dt.timedelta(hours=24)


def test_after_the_cut_off_a_freed_place_goes_at_once_to_the_first_waiting():
    event = starting_in(1, capacity=1, waitlist_offers=True, offer_cutoff_hours=48)
    first, waiting = register_all(event, 2)
    signups.cancel_registration(registration=first)
    assert open_offers() == []
    assert Registration.objects.get(pk=waiting.pk).status == "confirmed"
    assert OutboundEmail.objects.filter(kind=OutboundEmail.Kind.REGISTRATION_PROMOTED).count() == 1
    assert_counters(event)


def test_an_offer_expiring_at_the_cut_off_passes_the_place_on_at_once():
    event = starting_in(3, capacity=1, waitlist_offers=True, offer_cutoff_hours=48)
    first, offered, next_one = register_all(event, 3)
    signups.cancel_registration(registration=first)
    [offer] = open_offers()
    offers.expire_offers(now=offer.expires_at)
    assert open_offers() == []
    assert Registration.objects.get(pk=next_one.pk).status == "confirmed"
    assert OutboundEmail.objects.filter(
        kind=OutboundEmail.Kind.REGISTRATION_PROMOTED, recipient=next_one.user
    ).exists()
    assert_counters(event)


# Workshop seats ---------------------------------------------------------------------------------


@pytest.fixture
def seat(event):
    """A one-seat workshop: the first member has it, two wait."""
    event.capacity = 10
    event.save()
    session = workshop(event, 13, capacity=1)
    people = register_all(event, 4)
    for registration in people[:3]:
        signups.choose_workshops(registration=registration, sessions=[session])
    return session, people


def choice_of(registration, session):
    return WorkshopChoice.objects.filter(registration=registration, session=session).first()


def test_a_freed_workshop_seat_is_offered_held_and_accepted(event, seat):
    session, people = seat
    signups.cancel_workshop(choice=choice_of(people[0], session))
    [offer] = open_offers(session=session)
    assert offer.registration_id == people[1].pk
    assert Session.objects.get(pk=session.pk).confirmed_count == 1
    assert choice_of(people[1], session).status == "waitlisted"
    # Someone else choosing the workshop now waits behind: the seat is held.
    signups.choose_workshops(registration=people[3], sessions=[session])
    assert choice_of(people[3], session).waitlist_position == 3
    [email] = offer_emails(people[1])
    assert "A seat is free for you: " in email.subject
    offers.accept_offer(offer=offer)
    choice = choice_of(people[1], session)
    assert (choice.status, choice.waitlist_position) == ("confirmed", None)
    assert choice_of(people[2], session).waitlist_position == 1
    assert OutboundEmail.objects.filter(kind=OutboundEmail.Kind.WORKSHOP_PROMOTED).count() == 1
    assert_counters(event)


def test_an_expired_workshop_offer_removes_the_choice_and_passes_the_seat_on(event, seat):
    session, people = seat
    signups.cancel_workshop(choice=choice_of(people[0], session))
    [offer] = open_offers(session=session)
    assert offers.expire_offers(now=offer.expires_at) == 1
    assert choice_of(people[1], session) is None
    assert Registration.objects.get(pk=people[1].pk).status == "confirmed"  # only the workshop is lost
    [passed] = open_offers(session=session)
    assert passed.registration_id == people[2].pk
    assert_counters(event)


def test_leaving_a_workshop_while_holding_its_offer_passes_the_seat_on(event, seat):
    session, people = seat
    signups.cancel_workshop(choice=choice_of(people[0], session))
    [offer] = open_offers(session=session)
    signups.cancel_registration(registration=people[1])
    assert WaitlistOffer.objects.get(pk=offer.pk).status == "declined"
    assert [o.registration_id for o in open_offers(session=session)] == [people[2].pk]
    assert_counters(event)


def test_the_database_allows_one_open_offer_per_person_and_place(event, full):
    from django.db import IntegrityError, transaction

    signups.cancel_registration(registration=full[0])
    [offer] = open_offers()
    with pytest.raises(IntegrityError), transaction.atomic():
        WaitlistOffer.objects.create(
            event=event,
            registration=offer.registration,
            offered_at=offer.offered_at,
            expires_at=offer.expires_at,
        )


def test_an_offer_for_an_event_no_longer_published_cannot_be_accepted(event, full):
    signups.cancel_registration(registration=full[0])
    [offer] = open_offers()
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)
    with pytest.raises(DomainError, match="This event is no longer open"):
        offers.accept_offer(offer=offer)
    assert Registration.objects.get(pk=full[2].pk).status == "waitlisted"


def test_offers_switched_off_with_one_open_keep_the_counters_right(event, full):
    signups.cancel_registration(registration=full[0])
    [offer] = open_offers()
    Event.objects.filter(pk=event.pk).update(waitlist_offers=False)
    # A place freed now goes at once to the first waiting, who happens to hold the open offer.
    signups.cancel_registration(registration=full[1])
    assert Registration.objects.get(pk=full[2].pk).status == "confirmed"
    assert_counters(event)
    # Their answer (or the scan) releases the seat the offer held: it goes at once to the next.
    offers.accept_offer(offer=offer)
    assert Registration.objects.get(pk=full[3].pk).status == "confirmed"
    assert open_offers() == []
    assert_counters(event)


def test_a_workshop_offer_email_in_french_keeps_the_typography(event, seat):
    """Sent as the worker sends it: the conftest guards check its French wording and typography."""
    from django.core import mail

    from nmc_portal.tasks import send_email_task

    session, people = seat
    people[1].user.preferred_language = "fr"
    people[1].user.save()
    Session.objects.filter(pk=session.pk).update(title_fr="Cercles de coaching")  # the counters untouched
    signups.cancel_workshop(choice=choice_of(people[0], session))
    [email] = offer_emails(people[1])
    send_email_task(email_id=email.pk)
    [message] = mail.outbox
    assert message.subject == "Une place est libre pour vous\u00a0: Cercles de coaching"
    assert "Une place s'est libérée dans l'atelier «\u00a0Cercles de coaching\u00a0»" in message.body
    assert "Acceptez-la d'ici le " in message.body
