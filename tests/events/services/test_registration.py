"""Registration and workshop sign-ups: every rule of events.services.registration, against real PostgreSQL."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from events.models import Event, Registration, WorkshopChoice
from events.services import agenda
from events.services import registration as signups
from nmc_portal.errors import DomainError
from nmc_portal.models import OutboundEmail
from tests.events.factories import EventFactory, RegistrationFactory, at, workshop
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def positions(session):
    return list(
        session.choices.filter(status="waitlisted")
        .order_by("waitlist_position")
        .values_list("registration__user__email", "waitlist_position")
    )


def confirmed_emails(session):
    return set(session.choices.filter(status="confirmed").values_list("registration__user__email", flat=True))


@pytest.fixture
def event(db):
    return EventFactory(capacity=2, max_workshops_per_person=2)


def test_register_confirms_while_there_is_room_then_waitlists_in_order(event):
    people = UserFactory.create_batch(4)
    results = [signups.register(event=event, member=m) for m in people]
    assert [(r.status, r.waitlist_position) for r in results] == [
        ("confirmed", None),
        ("confirmed", None),
        ("waitlisted", 1),
        ("waitlisted", 2),
    ]


def test_register_twice_returns_the_same_registration(event, member):
    first = signups.register(event=event, member=member, dietary_needs="Vegetarian")
    second = signups.register(event=event, member=member, dietary_needs="Vegan")
    assert first.pk == second.pk
    assert Registration.objects.filter(event=event, user=member).count() == 1
    assert Registration.objects.get(pk=first.pk).dietary_needs == "Vegetarian"


def test_database_refuses_a_second_registration_for_the_same_member(event, member):
    RegistrationFactory(event=event, user=member)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(event=event, user=member, status="confirmed")


def test_database_refuses_a_waitlisted_registration_without_position(event, member):
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(event=event, user=member, status="waitlisted")


@pytest.mark.parametrize(
    ("status", "opens", "closes"),
    [
        ("draft", None, None),
        ("cancelled", None, None),
        ("published", dt.timedelta(days=1), None),
        ("published", None, -dt.timedelta(days=1)),
    ],
)
def test_register_outside_the_window_is_refused(member, status, opens, closes):
    now = timezone.now()
    event = EventFactory(
        status=status,
        registration_opens_at=now + opens if opens else None,
        registration_closes_at=now + closes if closes else None,
    )
    with pytest.raises(DomainError, match="Registration for this event is not open."):
        signups.register(event=event, member=member)
    assert not Registration.objects.exists()


def test_register_queues_a_confirmation_email_in_the_members_language(
    event, django_capture_on_commit_callbacks
):
    member = UserFactory(preferred_language="fr")
    with django_capture_on_commit_callbacks() as callbacks:
        registration = signups.register(event=event, member=member)
    email = OutboundEmail.objects.get(recipient=member)
    assert (email.kind, email.language, email.status) == ("registration_received", "fr", "pending")
    assert email.subject == f"Votre inscription est confirmée\u00a0: {event.title_fr}"
    assert f"Votre inscription à {event.title_fr} est confirmée." in email.body_text
    assert len(callbacks) == 1
    assert registration.status == "confirmed"


def test_cancel_registration_promotes_the_first_on_the_event_waitlist_and_closes_the_gap(event):
    a, b, c, d = UserFactory.create_batch(4)
    first = signups.register(event=event, member=a)
    for m in (b, c, d):
        signups.register(event=event, member=m)
    signups.cancel_registration(registration=first)
    rows = dict(Registration.objects.filter(event=event).values_list("user", "waitlist_position"))
    statuses = dict(Registration.objects.filter(event=event).values_list("user", "status"))
    assert statuses == {a.pk: "cancelled", b.pk: "confirmed", c.pk: "confirmed", d.pk: "waitlisted"}
    assert rows[d.pk] == 1
    assert OutboundEmail.objects.filter(kind="registration_promoted").count() == 1
    assert OutboundEmail.objects.get(kind="registration_promoted").recipient == c


def test_cancel_a_waitlisted_registration_moves_those_behind_up(event):
    people = UserFactory.create_batch(5)
    regs = [signups.register(event=event, member=m) for m in people]
    signups.cancel_registration(registration=regs[2])  # position 1
    assert list(
        Registration.objects.filter(status="waitlisted")
        .order_by("waitlist_position")
        .values_list("user", "waitlist_position")
    ) == [(people[3].pk, 1), (people[4].pk, 2)]


def test_register_again_after_cancelling_reuses_the_registration(event, member):
    first = signups.register(event=event, member=member)
    signups.cancel_registration(registration=first)
    again = signups.register(event=event, member=member)
    assert (again.pk, again.status) == (first.pk, "confirmed")


# Workshops -------------------------------------------------------------------------------------


@pytest.fixture
def day(db):
    """The demo's shape: two afternoon slots of three workshops, two per person."""
    event = EventFactory(capacity=100, max_workshops_per_person=2)
    early = [workshop(event, 13, title_en=f"Early {n}", capacity=2) for n in range(3)]
    late = [workshop(event, 14, 30, title_en=f"Late {n}", capacity=2) for n in range(3)]
    return event, early, late


def registered(event, member=None):
    return signups.register(event=event, member=member or UserFactory())


def test_choose_two_workshops_in_different_slots_confirms_both(day):
    event, early, late = day
    registration = registered(event)
    result = signups.choose_workshops(registration=registration, sessions=[early[0], late[0]])
    assert [(c.session, c.status) for c in result.added] == [(early[0], "confirmed"), (late[0], "confirmed")]


def test_choosing_overlapping_workshops_is_refused_whole_and_says_why(day):
    event, early, late = day
    registration = registered(event)
    with pytest.raises(DomainError) as refused:
        signups.choose_workshops(registration=registration, sessions=[early[0], early[1]])
    assert refused.value.message == "Your choice of workshops was not saved."
    assert refused.value.reasons == ("“Early 1” overlaps “Early 0”: choose one of the two.",)
    assert not WorkshopChoice.objects.exists()


def test_choosing_more_than_the_rule_allows_is_refused(day):
    event, early, late = day
    registration = registered(event)
    with pytest.raises(DomainError) as refused:
        signups.choose_workshops(registration=registration, sessions=[early[0], late[0], late[1]])
    assert "You may take at most 2 workshops; you chose 3." in refused.value.reasons
    assert not WorkshopChoice.objects.exists()


def test_a_refused_submission_keeps_the_previous_choices(day):
    event, early, late = day
    registration = registered(event)
    signups.choose_workshops(registration=registration, sessions=[early[0]])
    with pytest.raises(DomainError):
        signups.choose_workshops(registration=registration, sessions=[early[1], early[2]])
    assert list(registration.choices.values_list("session", "status")) == [(early[0].pk, "confirmed")]


def test_a_plenary_session_cannot_be_chosen(day):
    from tests.events.factories import SessionFactory

    event, early, late = day
    plenary = SessionFactory(event=event, title_en="Keynote")
    with pytest.raises(DomainError) as refused:
        signups.choose_workshops(registration=registered(event), sessions=[plenary])
    assert refused.value.reasons == ("“Keynote” is not a workshop of this event.",)


def test_full_workshop_waitlists_with_positions(day):
    event, early, late = day
    people = [registered(event) for _ in range(5)]
    for registration in people:
        signups.choose_workshops(registration=registration, sessions=[early[0]])
    assert [(c.status, c.waitlist_position) for c in WorkshopChoice.objects.order_by("pk")] == [
        ("confirmed", None),
        ("confirmed", None),
        ("waitlisted", 1),
        ("waitlisted", 2),
        ("waitlisted", 3),
    ]


def test_cancel_workshop_gives_the_seat_to_the_first_waitlisted_who_is_emailed(day):
    event, early, late = day
    people = [registered(event) for _ in range(4)]
    for registration in people:
        signups.choose_workshops(registration=registration, sessions=[early[0]])
    leaving = people[0].choices.get()
    signups.cancel_workshop(choice=leaving)
    assert confirmed_emails(early[0]) == {people[1].user.email, people[2].user.email}
    assert positions(early[0]) == [(people[3].user.email, 1)]
    email = OutboundEmail.objects.get(kind="workshop_promoted")
    assert email.recipient == people[2].user
    assert email.subject == "You have a seat in “Early 0”"


def test_changing_choices_keeps_the_place_of_a_kept_workshop(day):
    event, early, late = day
    people = [registered(event) for _ in range(3)]
    for registration in people:
        signups.choose_workshops(registration=registration, sessions=[early[0]])
    # The waitlisted third person adds a late workshop: still number 1 for the early one.
    signups.choose_workshops(registration=people[2], sessions=[early[0], late[0]])
    assert positions(early[0]) == [(people[2].user.email, 1)]
    # Dropping a confirmed workshop frees the seat for them.
    signups.choose_workshops(registration=people[0], sessions=[late[1]])
    assert confirmed_emails(early[0]) == {people[1].user.email, people[2].user.email}


def test_waitlisted_registration_cannot_choose_workshops(day):
    event, early, late = day
    event.capacity = 1
    event.save()
    registered(event)
    waiting = registered(event)
    with pytest.raises(DomainError, match="once your registration is confirmed"):
        signups.choose_workshops(registration=waiting, sessions=[early[0]])


def test_changes_after_the_deadline_are_refused_but_organizers_may(day):
    event, early, late = day
    registration = registered(event)
    signups.choose_workshops(registration=registration, sessions=[early[0]])
    Event.objects.filter(pk=event.pk).update(changes_close_at=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(DomainError, match="The deadline for changing workshops has passed."):
        signups.choose_workshops(registration=registration, sessions=[late[0]])
    with pytest.raises(DomainError, match="deadline"):
        signups.cancel_workshop(choice=registration.choices.get())
    signups.cancel_workshop(choice=registration.choices.get(), by_organizer=True)
    assert not registration.choices.exists()


def test_cancel_registration_frees_its_workshops(day):
    event, early, late = day
    people = [registered(event) for _ in range(3)]
    for registration in people:
        signups.choose_workshops(registration=registration, sessions=[early[0], late[0]])
    signups.cancel_registration(registration=people[0])
    assert confirmed_emails(early[0]) == confirmed_emails(late[0]) == {p.user.email for p in people[1:]}
    assert OutboundEmail.objects.filter(kind="workshop_promoted", recipient=people[2].user).count() == 2


def test_move_to_workshop_with_a_free_seat(day):
    event, early, late = day
    registration = registered(event)
    signups.choose_workshops(registration=registration, sessions=[early[0], late[0]])
    moved = signups.move_to_workshop(choice=registration.choices.get(session=early[0]), to_session=early[1])
    assert (moved.session, moved.status) == (early[1], "confirmed")
    assert set(registration.choices.values_list("session", flat=True)) == {early[1].pk, late[0].pk}


def test_move_to_a_full_or_overlapping_workshop_is_refused(day):
    event, early, late = day
    for _ in range(2):
        signups.choose_workshops(registration=registered(event), sessions=[early[1]])
    registration = registered(event)
    signups.choose_workshops(registration=registration, sessions=[early[0], late[0]])
    with pytest.raises(DomainError) as refused:
        signups.move_to_workshop(choice=registration.choices.get(session=early[0]), to_session=early[1])
    assert refused.value.reasons == ("“Early 1” is full.",)
    with pytest.raises(DomainError) as refused:
        signups.move_to_workshop(choice=registration.choices.get(session=late[0]), to_session=early[2])
    assert refused.value.reasons == ("“Early 2” overlaps “Early 0”: choose one of the two.",)


def test_check_in_is_recorded_once(event, member):
    organizer = UserFactory()
    registration = signups.register(event=event, member=member)
    first_time = signups.check_in(registration=registration, by=organizer)
    again = signups.check_in(registration=registration, by=UserFactory())
    assert (first_time[1], again[1]) == (True, False)
    registration.refresh_from_db()
    assert registration.checked_in_by == organizer


def test_check_in_of_a_waitlisted_registration_is_refused(event):
    for m in UserFactory.create_batch(2):
        signups.register(event=event, member=m)
    waiting = signups.register(event=event, member=UserFactory())
    with pytest.raises(DomainError, match="Only a confirmed registration can be checked in."):
        signups.check_in(registration=waiting, by=UserFactory())


def test_deleting_an_account_keeps_the_counts(day):
    event, early, late = day
    registration = registered(event)
    signups.choose_workshops(registration=registration, sessions=[early[0]])
    registration.user.delete()
    registration.refresh_from_db()
    assert (registration.user, registration.status) == (None, "confirmed")
    assert early[0].choices.filter(status="confirmed").count() == 1


def test_member_data_export_lists_registrations_and_workshops(day):
    from members.services import export_member_data

    event, early, late = day
    registration = registered(event)
    signups.choose_workshops(registration=registration, sessions=[early[0]])
    data = export_member_data(member=registration.user)
    assert [(r["event"], r["status"]) for r in data["registrations"]] == [(event.slug, "confirmed")]
    assert data["registrations"][0]["workshops"][0]["title"] == "Early 0"
    assert data["registrations"][0]["event_title_fr"] == event.title_fr
    assert data["registrations"][0]["workshops"][0]["title_fr"] == early[0].title_fr


def test_starts_at_helper_is_the_venue_day(day):
    event, early, late = day
    assert event.local(early[0].starts_at) == at(event, 13)


# Seat counters --------------------------------------------------------------------------------


def counters(row):
    row.refresh_from_db()
    return (row.confirmed_count, row.waitlist_count)


def test_register_with_workshops_takes_them_only_when_confirmed(event):
    early, late = workshop(event, 13, capacity=1), workshop(event, 15, capacity=1)
    first = signups.register(event=event, member=UserFactory(), sessions=[early, late])
    second = signups.register(event=event, member=UserFactory(), sessions=[late, early])
    third = signups.register(event=event, member=UserFactory(), sessions=[early, late])
    assert [len(r.choices_taken) for r in (first, second, third)] == [2, 2, 0]
    assert list(second.choices.order_by("session_id").values_list("status", "waitlist_position")) == [
        ("waitlisted", 1),
        ("waitlisted", 1),
    ]
    assert (third.status, third.waitlist_position, third.choices.count()) == ("waitlisted", 1, 0)
    assert (counters(event), counters(early), counters(late)) == ((2, 1), (1, 1), (1, 1))


def test_register_with_overlapping_workshops_is_refused_whole(event):
    a, b = workshop(event, 13), workshop(event, 13)
    member = UserFactory()
    with pytest.raises(DomainError) as refused:
        signups.register(event=event, member=member, sessions=[a, b])
    assert refused.value.field == "workshops"
    assert len(refused.value.reasons) == 1
    assert not Registration.objects.filter(user=member).exists()
    assert counters(event) == (0, 0)


def test_a_confirmation_written_before_the_seat_says_waitlisted_when_the_seat_went_to_someone_else(event):
    """The confirmation is rendered before the event row is touched, when a seat looks free; if the last
    one went meanwhile, the email recorded is the waitlist one, with the position."""
    stale = Event.objects.get(pk=event.pk)  # read while two places were free
    for member in UserFactory.create_batch(2):
        signups.register(event=event, member=member)
    late = UserFactory(preferred_language="en")
    registration = signups.register(event=stale, member=late)
    assert (registration.status, registration.waitlist_position) == ("waitlisted", 1)
    email = OutboundEmail.objects.get(recipient=late)
    assert email.subject == f"You are on the waitlist: {event.title_en}"
    assert "you are number 1 on the waitlist" in email.body_text


def test_cancel_and_register_again_keep_the_counters(event):
    a, b, c = (signups.register(event=event, member=UserFactory()) for _ in range(3))
    assert counters(event) == (2, 1)
    signups.cancel_registration(registration=b)
    assert counters(event) == (2, 0)  # c promoted
    signups.cancel_registration(registration=c)
    assert counters(event) == (1, 0)
    again = signups.register(event=event, member=b.user)
    assert (again.pk, again.status) == (b.pk, "confirmed")
    assert counters(event) == (2, 0)


def test_the_database_refuses_a_counter_above_capacity(event):
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(confirmed_count=3)


def test_capacity_cannot_go_below_the_seats_given_and_going_up_promotes_the_waitlist(event):
    people = [signups.register(event=event, member=UserFactory()) for _ in range(4)]
    with pytest.raises(DomainError) as refused:
        agenda.update_event(event=event, capacity=1)
    assert refused.value.field == "capacity"
    agenda.update_event(event=event, capacity=3)
    assert [Registration.objects.get(pk=r.pk).status for r in people] == [
        "confirmed",
        "confirmed",
        "confirmed",
        "waitlisted",
    ]
    assert Registration.objects.get(pk=people[3].pk).waitlist_position == 1
    assert counters(event) == (3, 1)
    assert OutboundEmail.objects.filter(kind="registration_promoted", recipient=people[2].user).count() == 1


def test_workshop_capacity_going_up_promotes_its_waitlist(event):
    session = workshop(event, 13, capacity=1)
    a, b = (signups.register(event=event, member=UserFactory(), sessions=[session]) for _ in range(2))
    assert counters(session) == (1, 1)
    agenda.update_session(session=session, capacity=2)
    assert counters(session) == (2, 0)
    assert b.choices.get().status == "confirmed"
    with pytest.raises(DomainError):
        agenda.update_session(session=session, capacity=1)
