"""N+1 guard: the agenda, builder and events list issue as many queries for 120 sessions as for 6."""

import datetime as dt

import pytest

from events.services import agenda
from nmc_portal import pagecache
from tests.events.factories import EventFactory, RoomFactory, SessionFactory, SessionSpeakerFactory, at
from tests.factories import UserFactory
from tests.helpers import assert_constant_queries, count_queries

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


def uncached_agenda_queries(client, event):
    """Queries for the agenda when its cached fragment is stale, as after any change to the agenda."""
    agenda.touch_event(event)
    count, response = count_queries(client.get, f"/en/events/{event.slug}/agenda/")
    assert response.status_code == 200
    return count, response.content.decode().count('class="agenda-session ')


def test_agenda_queries_are_the_same_for_6_and_120_sessions(client, agenda_event):
    event, rooms = agenda_event
    client.get(f"/en/events/{event.slug}/agenda/")  # warm per-process caches
    small, shown_small = uncached_agenda_queries(client, event)
    add_sessions(event, rooms, 114)
    large, shown_large = uncached_agenda_queries(client, event)
    assert (shown_small, shown_large) == (6, 120)
    assert small == large


def test_agenda_cached_page_shows_a_change_at_once(client, agenda_event):
    event, rooms = agenda_event
    client.get(f"/en/events/{event.slug}/agenda/")
    agenda.create_session(
        event=event, kind="break", title_en="Fresh coffee", starts_at=at(event, 15), ends_at=at(event, 16)
    )
    assert "Fresh coffee" in client.get(f"/en/events/{event.slug}/agenda/").content.decode()


def test_ics_queries_are_the_same_for_6_and_120_sessions(client, agenda_event):
    event, rooms = agenda_event
    grow = lambda: add_sessions(event, rooms, 114)  # noqa: E731 (a one-line callback)
    assert_constant_queries(client, f"/en/events/{event.slug}/calendar.ics", grow)


def test_builder_queries_are_the_same_for_6_and_120_sessions(client, agenda_event):
    event, rooms = agenda_event
    organizer = UserFactory()
    event.organizers.add(organizer)
    client.force_login(organizer)
    grow = lambda: add_sessions(event, rooms, 114)  # noqa: E731 (a one-line callback)
    assert_constant_queries(client, f"/en/events/manage/{event.slug}/", grow)


def test_events_list_queries_are_the_same_for_6_and_120_events(client):
    for _ in range(6):
        EventFactory()

    def grow():
        for n in range(114):
            EventFactory(start_date=dt.date(2030, 1, 1) + dt.timedelta(days=n))

    assert_constant_queries(client, "/en/events/", grow, before_each=pagecache.clear)
