"""Held offers under real concurrency: threads, each with its own PostgreSQL connection.

However the threads interleave: one offer per freed seat, an offer answered once (accepted, or
expired and passed on), each next person emailed once, never more seats given or held than exist.
Time is passed in (`now=`), never waited for.
"""

import datetime as dt

import pytest

from events.models import Event, Registration, Session, WaitlistOffer, WorkshopChoice
from events.services import offers
from events.services import registration as signups
from nmc_portal.models import OutboundEmail
from tests.events.factories import EventFactory, workshop
from tests.events.services.test_offers import assert_counters
from tests.events.test_concurrency import race
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

SECOND = dt.timedelta(seconds=1)


def register_all(event, count):
    return [signups.register(event=event, member=UserFactory()) for _ in range(count)]


def offer_emails():
    return OutboundEmail.objects.filter(kind=OutboundEmail.Kind.WAITLIST_OFFER)


def open_offers(**place):
    return WaitlistOffer.objects.filter(status="offered", **place)


def test_concurrent_cancellations_make_exactly_one_offer_per_freed_place():
    event = EventFactory(capacity=10, waitlist_offers=True)
    people = register_all(event, 25)  # 10 confirmed, 15 waiting
    leaving = people[:6]
    outcomes = race([lambda r=r: signups.cancel_registration(registration=r) for r in leaving])
    assert [o[0] for o in outcomes] == ["ok"] * 6
    offered = list(open_offers(event=event, session=None).values_list("registration_id", flat=True))
    # The first six waiting, one offer each, nobody twice; the seats held, not given.
    assert sorted(offered) == [r.pk for r in people[10:16]]
    assert Event.objects.get(pk=event.pk).confirmed_count == 10
    assert sorted(offer_emails().values_list("recipient_id", flat=True)) == sorted(
        r.user_id for r in people[10:16]
    )
    assert_counters(event)


def test_concurrent_workshop_departures_make_one_offer_per_freed_seat():
    event = EventFactory(capacity=100, waitlist_offers=True, max_workshops_per_person=1)
    session = workshop(event, 13, capacity=5)
    people = register_all(event, 13)
    for registration in people:
        signups.choose_workshops(registration=registration, sessions=[session])
    # Three leave the workshop, two cancel their whole registration, one waiting member cancels too.
    calls = [lambda r=r: signups.cancel_workshop(choice=r.choices.get()) for r in people[:3]]
    calls += [lambda r=r: signups.cancel_registration(registration=r) for r in (*people[3:5], people[12])]
    outcomes = race(calls)
    assert [o[0] for o in outcomes] == ["ok"] * 6
    offered = sorted(open_offers(session=session).values_list("registration_id", flat=True))
    assert offered == [r.pk for r in people[5:10]]
    assert Session.objects.get(pk=session.pk).confirmed_count == 5
    assert offer_emails().count() == 5
    assert_counters(event)


def test_accepts_racing_the_expiry_scan_each_give_one_outcome():
    event = EventFactory(capacity=8, waitlist_offers=True)
    people = register_all(event, 20)  # 8 confirmed, 12 waiting
    for registration in people[:6]:
        signups.cancel_registration(registration=registration)
    held = list(open_offers(event=event))
    assert len(held) == 6
    deadline = max(o.expires_at for o in held)
    # Each member clicks accept just before the deadline; two scans run just after it, all at once.
    calls = [lambda o=o: offers.accept_offer(offer=o, now=o.expires_at - SECOND) for o in held]
    calls += [lambda: offers.expire_offers(now=deadline + SECOND)] * 2
    outcomes = race(calls)
    assert [o for o in outcomes if o[0] == "error"] == []
    statuses = dict(WaitlistOffer.objects.filter(pk__in=[o.pk for o in held]).values_list("pk", "status"))
    for offer, outcome in zip(held, outcomes, strict=False):
        registration = Registration.objects.get(pk=offer.registration_id)
        if statuses[offer.pk] == "accepted":
            assert outcome[0] == "ok"
            assert registration.status == "confirmed"
        else:
            assert statuses[offer.pk] == "expired"
            assert outcome == ("refused", outcome[1]) and "expired" in outcome[1]
            assert registration.status == "cancelled"
    expired = sum(o[1] for o in outcomes[6:])
    assert expired == list(statuses.values()).count("expired")
    # Each expired offer passed its seat to exactly one new person.
    assert open_offers(event=event).count() == expired
    assert offer_emails().count() == 6 + expired
    assert_counters(event)


def test_two_scans_at_once_expire_each_offer_once_and_email_each_next_person_once():
    event = EventFactory(capacity=10, waitlist_offers=True, max_workshops_per_person=1)
    session = workshop(event, 13, capacity=2)
    people = register_all(event, 22)  # 10 confirmed, 12 waiting
    for registration in people[:6]:
        signups.choose_workshops(registration=registration, sessions=[session])
    for registration in people[:4]:
        signups.cancel_registration(registration=registration)  # 4 event places, 2 workshop seats
    first = list(open_offers())
    assert len(first) == 6
    later = max(o.expires_at for o in first)
    outcomes = race([lambda: offers.expire_offers(now=later)] * 2)
    assert sorted(o[0] for o in outcomes) == ["ok", "ok"]
    assert outcomes[0][1] + outcomes[1][1] == 6
    assert set(
        WaitlistOffer.objects.filter(pk__in=[o.pk for o in first]).values_list("status", flat=True)
    ) == {"expired"}
    second = list(open_offers())
    # The event's next four waiting; the workshop had nobody else waiting, its seats are free again.
    assert sorted(o.registration_id for o in second) == [r.pk for r in people[14:18]]
    # Eight offers were made before (two passed on by members who cancelled), four now: one email each.
    emails = list(offer_emails().values_list("recipient_id", "object_key"))
    assert len(emails) == len(set(emails)) == 8 + 4
    assert not WorkshopChoice.objects.filter(session=session, status="waitlisted").exists()
    assert_counters(event)


def test_a_mixed_workload_with_offers_keeps_every_seat_counted_once():
    """Cancellations, workshop changes, sign-ups, answers to offers and two scans, all at once, on an event
    and two workshops with offers on: no error (no deadlock), nothing oversold, the counters equal to the
    confirmed rows plus the open offers, waitlists dense."""
    event = EventFactory(capacity=12, waitlist_offers=True, max_workshops_per_person=1)
    first, second = workshop(event, 13, capacity=4), workshop(event, 15, capacity=4)
    people = register_all(event, 20)  # 12 confirmed, 8 waiting
    for n, registration in enumerate(people[:12]):
        signups.choose_workshops(registration=registration, sessions=[(first, second)[n % 2]])
    for registration in people[:2]:  # two offers of event places, two of workshop seats
        signups.cancel_registration(registration=registration)
    held = list(open_offers())
    assert len(held) == 4
    later = max(o.expires_at for o in held)
    calls = [lambda r=r: signups.cancel_registration(registration=r) for r in people[2:5]]
    calls += [lambda r=r: signups.cancel_workshop(choice=r.choices.get()) for r in people[5:7]]
    calls += [lambda r=r: signups.choose_workshops(registration=r, sessions=[second]) for r in people[7:10:2]]
    calls += [lambda m=m: signups.register(event=event, member=m) for m in UserFactory.create_batch(4)]
    calls += [lambda o=o: offers.accept_offer(offer=o, now=o.expires_at - SECOND) for o in held[::2]]
    calls += [lambda o=o: offers.decline_offer(offer=o, now=o.expires_at - SECOND) for o in held[1::2]]
    calls += [lambda: offers.expire_offers(now=later)] * 2
    outcomes = race(calls)
    assert [o for o in outcomes if o[0] == "error"] == []
    assert_counters(event)
    # What is left open is answered or expired by a last scan, and everything still adds up.
    offers.expire_offers(now=later + dt.timedelta(days=30))
    assert_counters(event)
