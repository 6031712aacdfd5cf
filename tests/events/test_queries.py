"""N+1 guard: the agenda, builder and events list issue as many queries for 120 sessions as for 6."""

import datetime as dt

import pytest

from tests.events.factories import EventFactory, RoomFactory, SessionFactory, SessionSpeakerFactory, at
from tests.factories import UserFactory
from tests.helpers import assert_constant_queries

pytestmark = pytest.mark.django_db


def add_sessions(event, rooms, count):
    """`count` sessions spread over the rooms, a speaker on each."""
    for n in range(count):
        start = at(event, 8) + dt.timedelta(minutes=5 * (n // len(rooms)))
        session = SessionFactory(
            event=event, room=rooms[n % len(rooms)], starts_at=start, ends_at=start + dt.timedelta(minutes=5)
        )
        SessionSpeakerFactory(session=session)


@pytest.fixture
def agenda_event(db):
    event = EventFactory()
    rooms = [RoomFactory(event=event, position=n) for n in range(3)]
    add_sessions(event, rooms, 6)
    return event, rooms


def test_agenda_queries_are_the_same_for_6_and_120_sessions(client, agenda_event):
    event, rooms = agenda_event
    assert_constant_queries(client, f"/en/events/{event.slug}/agenda/", lambda: add_sessions(event, rooms, 114))
    assert event.sessions.count() == 120


def test_ics_queries_are_the_same_for_6_and_120_sessions(client, agenda_event):
    event, rooms = agenda_event
    assert_constant_queries(client, f"/en/events/{event.slug}/calendar.ics", lambda: add_sessions(event, rooms, 114))


def test_builder_queries_are_the_same_for_6_and_120_sessions(client, agenda_event):
    event, rooms = agenda_event
    organizer = UserFactory()
    event.organizers.add(organizer)
    client.force_login(organizer)
    assert_constant_queries(client, f"/en/events/manage/{event.slug}/", lambda: add_sessions(event, rooms, 114))


def test_events_list_queries_are_the_same_for_6_and_120_events(client):
    for _ in range(6):
        EventFactory()

    def grow():
        for n in range(114):
            EventFactory(start_date=dt.date(2030, 1, 1) + dt.timedelta(days=n))

    assert_constant_queries(client, "/en/events/", grow)
