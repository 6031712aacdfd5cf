"""The preference round against real PostgreSQL: rankings, the allocation written once, the emails, the
hooks that close the normal workshop path while a round decides, and the audit."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from events.allocation import allocate, random_order
from events.exports import member_data
from events.models import Event, PreferenceRound, Session, WorkshopChoice, WorkshopRanking
from events.services import preferences as rounds
from events.services import registration as signups
from nmc_portal.emails import send_recorded_emails
from nmc_portal.errors import DomainError
from nmc_portal.models import OutboundEmail
from tests.events.factories import EventFactory, RegistrationFactory, workshop
from tests.factories import UserFactory

NOW = timezone.now()


def make_world(members=3, capacity=1):
    """An event with two slots of two workshops (`capacity` seats each), a round open now, and members."""
    event = EventFactory(capacity=100, max_workshops_per_person=2)
    morning = [workshop(event, 9, capacity=capacity, title_en=f"Morning {n}") for n in (1, 2)]
    afternoon = [workshop(event, 13, capacity=capacity, title_en=f"Afternoon {n}") for n in (1, 2)]
    round_ = rounds.set_preference_round(
        event=event, opens_at=NOW - dt.timedelta(hours=1), closes_at=NOW + dt.timedelta(hours=71)
    )
    registrations = [RegistrationFactory(event=event) for _n in range(members)]
    return event, round_, morning, afternoon, registrations


def close(round_):
    """Move the window into the past, as time would."""
    PreferenceRound.objects.filter(pk=round_.pk).update(
        opens_at=NOW - dt.timedelta(hours=73), closes_at=NOW - dt.timedelta(minutes=1)
    )


def places(event):
    return sorted(
        WorkshopChoice.objects.filter(session__event=event).values_list(
            "registration_id", "session__title_en", "status", "waitlist_position"
        )
    )


@pytest.mark.django_db
def test_rankings_are_replaced_whole_and_a_double_submit_leaves_the_same_rows():
    _event, _round, morning, afternoon, (registration, *_rest) = make_world()
    for _twice in range(2):
        rounds.save_rankings(registration=registration, slots=[[morning[1], morning[0]], [afternoon[0]]])
    assert sorted(WorkshopRanking.objects.values_list("session__title_en", "rank")) == [
        ("Afternoon 1", 1),
        ("Morning 1", 2),
        ("Morning 2", 1),
    ]
    rounds.save_rankings(registration=registration, slots=[[morning[0]], []])
    assert list(WorkshopRanking.objects.values_list("session__title_en", "rank")) == [("Morning 1", 1)]


@pytest.mark.django_db
def test_rankings_refuse_duplicates_other_slots_other_events_and_a_closed_window():
    event, round_, morning, afternoon, (registration, *_rest) = make_world()
    other = workshop(EventFactory(), 9)
    for slots, message in [
        ([[morning[0], morning[0]]], "A workshop is ranked twice."),
        ([[morning[0], afternoon[0]]], "Rank only the workshops of one time slot together."),
        ([[other]], "This is not a workshop of this event."),
    ]:
        with pytest.raises(DomainError) as refused:
            rounds.save_rankings(registration=registration, slots=slots)
        assert refused.value.message == message
    close(round_)
    with pytest.raises(DomainError) as refused:
        rounds.save_rankings(registration=registration, slots=[[morning[0]]])
    assert refused.value.message == "The ranking of workshops is not open."
    assert WorkshopRanking.objects.count() == 0
    assert event.pk


@pytest.mark.django_db
def test_the_normal_workshop_path_is_closed_while_a_round_decides_and_open_after():
    event, round_, morning, _afternoon, (registration, *_rest) = make_world()
    with pytest.raises(DomainError) as refused:
        signups.choose_workshops(registration=registration, sessions=[morning[0]])
    assert refused.value.message.startswith("Workshops for this event are assigned by a preference round")
    assert refused.value.field == "workshops"
    # Picks on the registration form are not taken either: the registration goes through without them.
    newcomer = signups.register(event=event, member=UserFactory(), sessions=[morning[0]])
    assert (newcomer.status, newcomer.choices_taken) == ("confirmed", [])
    assert WorkshopChoice.objects.count() == 0
    close(round_)
    rounds.run_preference_round(round_id=round_.pk)
    signups.choose_workshops(registration=registration, sessions=[morning[0]])  # first come, first served
    assert places(event) == [(registration.pk, "Morning 1", "confirmed", None)]


@pytest.mark.django_db
def test_a_round_cannot_start_once_workshops_were_chosen_and_ends_with_its_rankings():
    event = EventFactory(max_workshops_per_person=1)
    session = workshop(event, 9)
    registration = RegistrationFactory(event=event)
    signups.choose_workshops(registration=registration, sessions=[session])
    with pytest.raises(DomainError):
        rounds.set_preference_round(event=event, opens_at=NOW, closes_at=NOW + dt.timedelta(hours=72))
    _event, round_, morning, _afternoon, (other, *_rest) = make_world()
    rounds.save_rankings(registration=other, slots=[[morning[0]]])
    assert rounds.end_preference_round(event=round_.event) is True
    assert (PreferenceRound.objects.count(), WorkshopRanking.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_the_round_runs_once_writes_what_the_allocation_gives_and_emails_everyone_once():
    event, round_, morning, afternoon, registrations = make_world(members=4)
    registrations[3].user.preferred_language = "fr"
    registrations[3].user.save()
    for registration in registrations[:3]:
        rounds.save_rankings(
            registration=registration, slots=[[morning[0], morning[1]], [afternoon[0]]]
        )  # the fourth ranks nothing
    close(round_)
    OutboundEmail.objects.all().delete()

    done = rounds.run_preference_round(round_id=round_.pk, seed=42)
    assert rounds.run_preference_round(round_id=round_.pk, seed=7) is None  # a second run: nothing more
    assert rounds.run_due_preference_rounds() == 0

    pks = [r.pk for r in registrations[:3]]
    order = random_order(pks, 42)
    expected = allocate(
        {pk: [[morning[0].pk, morning[1].pk], [afternoon[0].pk]] for pk in pks},
        {s.pk: 1 for s in [*morning, *afternoon]},
        order,
        2,
        {
            morning[0].pk: {morning[1].pk},
            morning[1].pk: {morning[0].pk},
            afternoon[0].pk: {afternoon[1].pk},
            afternoon[1].pk: {afternoon[0].pk},
        },
    )
    first, second, third = order
    assert expected.seats == {first: [morning[0].pk, afternoon[0].pk], second: [morning[1].pk]}
    assert expected.waitlists == {afternoon[0].pk: [second, third], morning[0].pk: [third]}
    assert places(event) == sorted(
        [
            (first, "Morning 1", "confirmed", None),
            (first, "Afternoon 1", "confirmed", None),
            (second, "Morning 2", "confirmed", None),
            (second, "Afternoon 1", "waitlisted", 1),
            (third, "Morning 1", "waitlisted", 1),
            (third, "Afternoon 1", "waitlisted", 2),
        ]
    )
    counters = list(
        Session.objects.filter(event=event).order_by("pk").values_list("confirmed_count", "waitlist_count")
    )
    assert counters == [(1, 1), (1, 0), (1, 2), (0, 0)]
    signups.recount_places(events=Event.objects.filter(pk=event.pk))  # the counters were already exact
    assert (
        list(
            Session.objects.filter(event=event)
            .order_by("pk")
            .values_list("confirmed_count", "waitlist_count")
        )
        == counters
    )

    done.refresh_from_db()
    assert (done.seed, done.member_order, done.ranked_count, done.seat_count, done.waitlist_place_count) == (
        42,
        order,
        3,
        3,
        3,
    )
    assert done.emailed_count == 4
    emails = OutboundEmail.objects.filter(
        kind="preference_result", object_key=f"preference-round:{round_.pk}"
    )
    assert sorted(emails.values_list("recipient_email", "language")) == sorted(
        [(r.user.email, "fr" if r == registrations[3] else "en") for r in registrations]
    )
    by_member = {e.recipient_email: e for e in emails}
    first_email = by_member[next(r.user.email for r in registrations if r.pk == first)]
    assert "a seat in “Morning 1” (your choice number 1)" in first_email.body_text
    third_email = by_member[next(r.user.email for r in registrations if r.pk == third)]
    assert "you are number 1 on the waitlist of “Morning 1”" in third_email.body_text
    french = by_member[registrations[3].user.email]
    assert french.subject.startswith("Vos ateliers")
    assert "Vous n'avez classé aucun atelier." in french.body_text

    send_recorded_emails(list(emails.values_list("pk", flat=True)))
    assert len(mail.outbox) == 4  # the French one is checked by the conftest's guards too
    assert rounds.rerun_check(done).matches


@pytest.mark.django_db
def test_waitlist_places_follow_whoever_already_waits():
    event, round_, morning, _afternoon, (a, b, c) = make_world(members=3)
    # The organizers placed two people by hand before the round: one seat taken, one waiting.
    signups.choose_workshops(registration=a, sessions=[morning[0]], by_organizer=True)
    signups.choose_workshops(registration=b, sessions=[morning[0]], by_organizer=True)
    rounds.save_rankings(registration=c, slots=[[morning[0]], []])
    close(round_)
    rounds.run_preference_round(round_id=round_.pk, seed=1)
    assert places(event) == sorted(
        [
            (a.pk, "Morning 1", "confirmed", None),
            (b.pk, "Morning 1", "waitlisted", 1),
            (c.pk, "Morning 1", "waitlisted", 2),
        ]
    )
    assert Session.objects.get(pk=morning[0].pk).waitlist_count == 2


@pytest.mark.django_db
def test_the_round_waits_for_its_window_to_close_and_the_beat_job_runs_what_is_due():
    _event, round_, morning, _afternoon, (registration, *_rest) = make_world()
    rounds.save_rankings(registration=registration, slots=[[morning[0]], []])
    assert rounds.run_preference_round(round_id=round_.pk) is None
    assert rounds.run_due_preference_rounds() == 0
    close(round_)
    assert rounds.run_due_preference_rounds() == 1
    assert rounds.run_due_preference_rounds() == 0
    assert WorkshopChoice.objects.filter(registration=registration, status="confirmed").count() == 1


@pytest.mark.django_db
def test_the_rerun_check_finds_a_result_that_was_changed():
    _event, round_, morning, afternoon, registrations = make_world(members=3)
    for registration in registrations:
        rounds.save_rankings(registration=registration, slots=[[morning[1], morning[0]], [afternoon[1]]])
    close(round_)
    done = rounds.run_preference_round(round_id=round_.pk)
    check = rounds.rerun_check(done)
    assert (check.order_matches, check.result_matches, check.rankings_match) == (True, True, True)
    done.allocation_result["seats"] = {}
    assert rounds.rerun_check(done).result_matches is False
    done.member_order = list(reversed(done.member_order))
    assert rounds.rerun_check(done).order_matches is False
    WorkshopRanking.objects.filter(registration=registrations[0]).delete()
    assert rounds.rerun_check(done).rankings_match is False


@pytest.mark.django_db(transaction=True)
def test_two_workers_running_the_same_round_at_once_allocate_it_once():
    """Two threads, each with its own PostgreSQL connection, start together: whichever takes the lock
    first allocates, the other waits on the event row and then finds the round done."""
    _event, round_, morning, afternoon, registrations = make_world(members=6, capacity=2)
    for registration in registrations:
        rounds.save_rankings(registration=registration, slots=[[morning[0], morning[1]], [afternoon[0]]])
    close(round_)
    barrier = threading.Barrier(2)
    outcomes = [None, None]

    def run(n):
        barrier.wait()
        try:
            outcomes[n] = rounds.run_preference_round(round_id=round_.pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(outcome is None for outcome in outcomes) == [False, True]
    # Morning: 2 + 2 seats and 2 waiting for Morning 1; afternoon: 2 seats and the other 4 waiting.
    assert WorkshopChoice.objects.filter(status="confirmed").count() == 6
    assert sorted(
        WorkshopChoice.objects.filter(status="waitlisted").values_list(
            "session__title_en", "waitlist_position"
        )
    ) == [
        ("Afternoon 1", 1),
        ("Afternoon 1", 2),
        ("Afternoon 1", 3),
        ("Afternoon 1", 4),
        ("Morning 1", 1),
        ("Morning 1", 2),
    ]
    done = next(outcome for outcome in outcomes if outcome is not None)
    assert rounds.rerun_check(done).matches
    assert OutboundEmail.objects.filter(kind="preference_result").count() == 6


@pytest.mark.django_db
def test_a_window_closing_in_the_past_is_refused():
    event = EventFactory(max_workshops_per_person=1)
    workshop(event, 9)
    with pytest.raises(DomainError) as refused:
        rounds.set_preference_round(
            event=event, opens_at=NOW - dt.timedelta(days=3), closes_at=NOW - dt.timedelta(hours=1)
        )
    assert (refused.value.message, refused.value.field) == (
        "The ranking must close in the future.",
        "closes_at",
    )
    assert not PreferenceRound.objects.exists()


@pytest.mark.django_db
def test_the_round_of_an_event_not_published_waits_for_its_publication():
    event, round_, morning, _afternoon, (registration, *_rest) = make_world()
    rounds.save_rankings(registration=registration, slots=[[morning[0]], []])
    close(round_)
    Event.objects.filter(pk=event.pk).update(status=Event.Status.DRAFT)
    assert rounds.run_due_preference_rounds() == 0
    assert rounds.run_preference_round(round_id=round_.pk) is None
    Event.objects.filter(pk=event.pk).update(status=Event.Status.PUBLISHED)
    assert rounds.run_due_preference_rounds() == 1


@pytest.mark.django_db
def test_a_members_rankings_are_in_their_data_export():
    _event, _round, morning, _afternoon, (registration, *_rest) = make_world()
    rounds.save_rankings(registration=registration, slots=[[morning[1], morning[0]], []])
    (exported,) = member_data(registration.user)["registrations"]
    assert [(r["title"], r["rank"]) for r in exported["workshop_rankings"]] == [
        ("Morning 2", 1),
        ("Morning 1", 2),
    ]
