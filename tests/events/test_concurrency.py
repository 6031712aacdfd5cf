"""Real concurrency against real PostgreSQL: threads, each with its own database connection.

The seats are decided under row locks in PostgreSQL, so however the threads interleave: never more
confirmed than seats, waitlist positions 1..n without gaps or duplicates, every call answered.
"""

import random
import threading

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.models import Event, Registration, WorkshopChoice
from events.services import registration as signups
from nmc_portal.errors import DomainError
from tests.events.factories import EventFactory, RegistrationFactory, workshop
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

# PostgreSQL allows 100 connections, shared with other test runs: at most this many at once.
CONNECTIONS = 40


def race(calls):
    """Start every call at the same moment, each in its own thread and connection; return their outcomes."""
    barrier = threading.Barrier(len(calls))
    gate = threading.BoundedSemaphore(CONNECTIONS)
    outcomes = [None] * len(calls)

    def run(n):
        barrier.wait()
        with gate:
            try:
                outcomes[n] = ("ok", calls[n]())
            except DomainError as error:
                outcomes[n] = ("refused", error.message)
            except Exception as error:  # noqa: BLE001 (the test reports any other exception as a failure)
                outcomes[n] = ("error", repr(error))
            finally:
                connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def assert_consistent(session):
    confirmed = session.choices.filter(status=WorkshopChoice.Status.CONFIRMED).count()
    waitlist = list(
        session.choices.filter(status=WorkshopChoice.Status.WAITLISTED)
        .order_by("waitlist_position")
        .values_list("waitlist_position", flat=True)
    )
    assert confirmed <= session.capacity
    assert waitlist == list(range(1, len(waitlist) + 1))
    if waitlist:
        assert confirmed == session.capacity  # nobody waits while a seat is free
    return confirmed, waitlist


def test_200_members_race_for_a_30_seat_workshop():
    event = EventFactory(capacity=500)
    session = workshop(event, 13, capacity=30)
    registrations = [RegistrationFactory(event=event) for _ in range(200)]
    outcomes = race(
        [lambda r=r: signups.choose_workshops(registration=r, sessions=[session]) for r in registrations]
    )
    assert [o[0] for o in outcomes] == ["ok"] * 200  # every call answered, no exception
    confirmed, waitlist = assert_consistent(session)
    assert confirmed == 30
    assert waitlist == list(range(1, 171))
    assert WorkshopChoice.objects.filter(session=session).count() == 200


def test_members_race_for_the_last_places_of_an_event():
    event = EventFactory(capacity=10)
    members = UserFactory.create_batch(60)
    outcomes = race([lambda m=m: signups.register(event=event, member=m) for m in members])
    assert [o[0] for o in outcomes] == ["ok"] * 60
    assert event.registrations.filter(status="confirmed").count() == 10
    positions = sorted(
        event.registrations.filter(status="waitlisted").values_list("waitlist_position", flat=True)
    )
    assert positions == list(range(1, 51))


def test_double_submit_from_two_tabs_makes_one_registration():
    event = EventFactory(capacity=10)
    member = UserFactory()
    outcomes = race([lambda: signups.register(event=event, member=member) for _ in range(8)])
    assert [o[0] for o in outcomes] == ["ok"] * 8
    assert len({o[1].pk for o in outcomes}) == 1
    assert Registration.objects.filter(event=event, user=member).count() == 1


def test_concurrent_cancellations_and_sign_ups_keep_seats_and_positions_consistent():
    event = EventFactory(capacity=500)
    session = workshop(event, 13, capacity=10)
    holders = [RegistrationFactory(event=event) for _ in range(25)]
    for registration in holders:
        signups.choose_workshops(registration=registration, sessions=[session])
    newcomers = [RegistrationFactory(event=event) for _ in range(25)]
    leaving = holders[::2]  # confirmed and waitlisted ones
    calls = [lambda r=r: signups.cancel_workshop(choice=r.choices.get()) for r in leaving]
    calls += [lambda r=r: signups.choose_workshops(registration=r, sessions=[session]) for r in newcomers]
    random.Random(4).shuffle(calls)
    outcomes = race(calls)
    assert [o[0] for o in outcomes] == ["ok"] * len(calls)
    confirmed, waitlist = assert_consistent(session)
    assert confirmed + len(waitlist) == 25 - len(leaving) + 25


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    capacity=st.integers(min_value=1, max_value=4),
    script=st.lists(
        st.tuples(st.sampled_from(["join", "leave", "cancel"]), st.integers(0, 7)), min_size=1, max_size=16
    ),
)
def test_any_mix_of_concurrent_joins_leaves_and_cancellations_stays_consistent(capacity, script):
    event = EventFactory(capacity=100)
    session = workshop(event, 13, capacity=capacity)
    people = [RegistrationFactory(event=event) for _ in range(8)]

    def act(action, n):
        registration = Registration.objects.get(pk=people[n].pk)
        if action == "join" and registration.status == "confirmed":
            return signups.choose_workshops(registration=registration, sessions=[session])
        choice = registration.choices.first()
        if action == "leave" and choice is not None:
            return signups.cancel_workshop(choice=choice)
        if action == "cancel":
            return signups.cancel_registration(registration=registration)
        return None

    outcomes = race([lambda a=a, n=n: act(a, n) for a, n in script])
    assert [o for o in outcomes if o[0] == "error"] == []
    assert_consistent(session)
    # Every active registration holds at most one place in the workshop, cancelled ones none.
    assert not WorkshopChoice.objects.filter(registration__status="cancelled").exists()


def assert_counters_match_the_rows(event):
    """The seat counters the services keep equal what the rows say, for the event and each workshop."""
    event = Event.objects.get(pk=event.pk)
    registrations = event.registrations
    assert (event.confirmed_count, event.waitlist_count) == (
        registrations.filter(status="confirmed").count(),
        registrations.filter(status="waitlisted").count(),
    )
    for session in event.sessions.all():
        assert (session.confirmed_count, session.waitlist_count) == (
            session.choices.filter(status="confirmed").count(),
            session.choices.filter(status="waitlisted").count(),
        ), session.title_en


def test_members_registering_with_workshops_race_for_10_places_and_the_counters_stay_exact():
    """The one-POST path: 30 members register and pick two workshops at once for an event of 10 places
    (conditional UPDATEs of the event and session rows, no lock taken to count)."""
    event = EventFactory(capacity=10, max_workshops_per_person=2)
    early = [workshop(event, 13, capacity=4), workshop(event, 13, capacity=4)]
    late = [workshop(event, 15, capacity=3), workshop(event, 15, capacity=3)]
    members = UserFactory.create_batch(30)
    outcomes = race(
        [
            lambda n=n, m=m: signups.register(
                event=event, member=m, sessions=[early[n % 2], late[n // 2 % 2]]
            )
            for n, m in enumerate(members)
        ]
    )
    assert [o[0] for o in outcomes] == ["ok"] * 30
    assert event.registrations.filter(status="confirmed").count() == 10
    positions = sorted(
        event.registrations.filter(status="waitlisted").values_list("waitlist_position", flat=True)
    )
    assert positions == list(range(1, 21))
    # Only the confirmed took workshops, two each; no workshop above its capacity, waitlists dense.
    assert not WorkshopChoice.objects.filter(registration__status="waitlisted").exists()
    assert WorkshopChoice.objects.filter(session__event=event).count() == 20
    for session in [*early, *late]:
        assert_consistent(session)
    assert_counters_match_the_rows(event)


def test_a_mixed_concurrent_workload_keeps_the_counters_equal_to_the_rows():
    """Registrations with workshops, cancellations (promotions), workshop changes and organizer removals,
    all at once: afterwards the counters are recomputed from the rows and must be what the services kept."""
    event = EventFactory(capacity=12, max_workshops_per_person=1)
    first, second = workshop(event, 13, capacity=5), workshop(event, 15, capacity=5)
    early = [signups.register(event=event, member=UserFactory(), sessions=[first]) for _ in range(16)]
    confirmed = [r for r in early if r.status == "confirmed"]
    calls = [lambda r=r: signups.cancel_registration(registration=r) for r in early[::3]]
    calls += [
        lambda r=r: signups.choose_workshops(registration=r, sessions=[second]) for r in confirmed[1::3]
    ]
    calls += [
        lambda m=m: signups.register(event=event, member=m, sessions=[second])
        for m in UserFactory.create_batch(10)
    ]
    calls += [
        lambda r=r: signups.cancel_workshop(choice=r.choices.get(), by_organizer=True)
        for r in confirmed[2::5]
    ]
    random.Random(7).shuffle(calls)
    outcomes = race(calls)
    assert [o for o in outcomes if o[0] == "error"] == []
    assert_counters_match_the_rows(event)
    for session in (first, second):
        assert_consistent(session)
    kept = Event.objects.values_list("confirmed_count", "waitlist_count").get(pk=event.pk)
    signups.recount_places(events=Event.objects.filter(pk=event.pk))
    assert Event.objects.values_list("confirmed_count", "waitlist_count").get(pk=event.pk) == kept


def test_moves_racing_for_one_free_room_on_a_published_event_leave_no_double_booking():
    """Each move checks the agenda under the event's row lock: of several sessions dropped into the same
    room and time at once, one moves and the others are refused, naming it."""
    from events.queries.agenda import conflicts_for
    from events.services import agenda
    from tests.events.factories import RoomFactory, SessionFactory, at

    event = EventFactory()
    target = RoomFactory(event=event, name_en="Room A")
    sessions = [
        SessionFactory(
            event=event,
            room=RoomFactory(event=event, name_en=f"Room {n}"),
            starts_at=at(event, 9 + n),
            ends_at=at(event, 10 + n),
        )
        for n in range(6)
    ]
    outcomes = race(
        [lambda s=s: agenda.move_session(session=s, starts_at=at(event, 17), room=target) for s in sessions]
    )
    assert sorted(kind for kind, _ in outcomes) == ["ok"] + ["refused"] * 5
    assert all("Room A already has" in message for kind, message in outcomes if kind == "refused")
    assert event.sessions.filter(room=target).count() == 1
    assert conflicts_for(event) == []
