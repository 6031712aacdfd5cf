"""Reads of registrations shared by services and notifications."""

import pytest

from events.queries.registration import participants_of
from events.services import registration as signups
from tests.events.factories import EventFactory, SessionFactory, at, workshop
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    event = EventFactory(capacity=2)
    first = workshop(event, 13, capacity=1)
    confirmed, in_workshop, waitlisted, cancelled = (UserFactory() for _ in range(4))
    signups.register(event=event, member=confirmed)
    mine = signups.register(event=event, member=in_workshop)
    signups.register(event=event, member=waitlisted)
    gone = signups.register(event=event, member=cancelled)
    signups.cancel_registration(registration=gone)
    signups.choose_workshops(registration=mine, sessions=[first])
    return {"event": event, "workshop": first, "members": (confirmed, in_workshop, waitlisted, cancelled)}


def test_participants_of_the_event_are_everyone_with_a_place_or_on_the_waitlist(people):
    confirmed, in_workshop, waitlisted, _cancelled = people["members"]
    found = {m.pk for m in participants_of(people["event"])}
    assert found == {confirmed.pk, in_workshop.pk, waitlisted.pk}


def test_participants_of_a_workshop_are_its_seats_and_waitlist_only(people):
    _confirmed, in_workshop, _waitlisted, _cancelled = people["members"]
    assert [m.pk for m in participants_of(people["event"], people["workshop"])] == [in_workshop.pk]


def test_participants_of_a_plenary_are_everyone_registered(people):
    event = people["event"]
    plenary = SessionFactory(event=event, kind="plenary", starts_at=at(event, 9), ends_at=at(event, 10))
    assert {m.pk for m in participants_of(event, plenary)} == {m.pk for m in participants_of(event)}
