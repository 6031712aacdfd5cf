"""Attendance per workshop and check-in helpers (events.services.attendance), against PostgreSQL rows."""

import uuid

import pytest
import rules
from django.db import IntegrityError, transaction

from events.models import CheckInHelper, Registration, WorkshopAttendance
from events.queries.attendance import attendance_roster, no_show_rate, workshop_attendance
from events.services import attendance
from events.services import registration as signups
from nmc_portal.errors import DomainError
from tests.events.factories import EventFactory, SessionFactory, workshop
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    organizer = UserFactory(full_name="Olivia Organizer")
    event = EventFactory(organizers=[organizer], capacity=50)
    strategy = workshop(event, 13, title_en="Strategy", capacity=2)
    risk = workshop(event, 13, title_en="Risk", capacity=5)
    people = {}
    for key, name in [("amelie", "Amélie Côté"), ("bob", "Bob Tremblay"), ("carl", "Carl Roy")]:
        registration = signups.register(event=event, member=UserFactory(full_name=name))
        signups.choose_workshops(registration=registration, sessions=[strategy])
        people[key] = registration
    return {"event": event, "organizer": organizer, "strategy": strategy, "risk": risk, **people}


def rows(session):
    return list(
        WorkshopAttendance.objects.filter(session=session)
        .order_by("registration__user__full_name")
        .values_list("registration__user__full_name", "marked_by__full_name")
    )


def test_marking_twice_leaves_one_row_and_checks_in_once(world):
    amelie, organizer = world["amelie"], world["organizer"]
    first, new = attendance.mark_present(session=world["strategy"], registration=amelie, by=organizer)
    again, new_again = attendance.mark_present(session=world["strategy"], registration=amelie, by=organizer)
    assert (new, new_again, again.pk) == (True, False, first.pk)
    assert rows(world["strategy"]) == [("Amélie Côté", "Olivia Organizer")]
    amelie.refresh_from_db()
    assert amelie.checked_in_at is not None and amelie.checked_in_by == organizer


def test_marking_keeps_an_earlier_check_in(world):
    amelie, organizer = world["amelie"], world["organizer"]
    signups.check_in(registration=amelie, by=organizer)
    checked_in_at = Registration.objects.get(pk=amelie.pk).checked_in_at
    attendance.mark_present(session=world["strategy"], registration=amelie, by=UserFactory())
    assert Registration.objects.get(pk=amelie.pk).checked_in_at == checked_in_at


def test_the_database_refuses_a_second_row(world):
    attendance.mark_present(session=world["strategy"], registration=world["amelie"], by=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkshopAttendance.objects.create(
            registration=world["amelie"], session=world["strategy"], marked_at=world["amelie"].created_at
        )


def test_undo_removes_the_row_and_a_second_undo_does_nothing(world):
    attendance.mark_present(session=world["strategy"], registration=world["bob"], by=world["organizer"])
    assert attendance.undo_attendance(session=world["strategy"], registration=world["bob"]) is True
    assert attendance.undo_attendance(session=world["strategy"], registration=world["bob"]) is False
    assert rows(world["strategy"]) == []
    # The event's check-in stays: the person did come in.
    assert Registration.objects.get(pk=world["bob"].pk).checked_in_at is not None


def test_someone_not_signed_up_for_the_workshop_is_refused(world):
    with pytest.raises(DomainError) as error:
        attendance.mark_present(session=world["risk"], registration=world["amelie"], by=world["organizer"])
    assert error.value.message == "Amélie Côté is not signed up for this workshop."
    assert WorkshopAttendance.objects.count() == 0
    assert Registration.objects.get(pk=world["amelie"].pk).checked_in_at is None


def test_a_person_on_the_workshop_waitlist_may_be_marked(world):
    carl = world["carl"]
    assert carl.choices.get().status == "waitlisted"  # the workshop holds two
    _row, new = attendance.mark_present(session=world["strategy"], registration=carl, by=world["organizer"])
    assert new and rows(world["strategy"]) == [("Carl Roy", "Olivia Organizer")]


def test_a_cancelled_registration_is_refused(world):
    signups.cancel_registration(registration=world["amelie"])
    amelie = Registration.objects.get(pk=world["amelie"].pk)
    with pytest.raises(DomainError) as error:
        attendance.mark_present(session=world["strategy"], registration=amelie, by=world["organizer"])
    assert "not confirmed" in error.value.message
    assert WorkshopAttendance.objects.count() == 0


def test_a_plenary_or_another_events_workshop_is_refused(world):
    plenary = SessionFactory(event=world["event"])
    other = workshop(EventFactory(), 13)
    for session in (plenary, other):
        with pytest.raises(DomainError):
            attendance.mark_present(session=session, registration=world["amelie"], by=world["organizer"])
    assert WorkshopAttendance.objects.count() == 0


def test_marking_by_ticket_reads_the_scanned_url_or_the_typed_number(world):
    bob, amelie = world["bob"], world["amelie"]
    url = f"https://portal.example/en/events/manage/{world['event'].slug}/check-in/{bob.ticket_code}/"
    row, new = attendance.mark_present_by_ticket(session=world["strategy"], code=url, by=world["organizer"])
    assert (row.registration_id, new) == (bob.pk, True)
    typed = f"  {amelie.ticket_code.hex.upper()} "
    row, new = attendance.mark_present_by_ticket(session=world["strategy"], code=typed, by=world["organizer"])
    assert (row.registration_id, new) == (amelie.pk, True)
    assert rows(world["strategy"]) == [
        ("Amélie Côté", "Olivia Organizer"),
        ("Bob Tremblay", "Olivia Organizer"),
    ]


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("hello", "This is not a ticket code. Scan the QR code or type the ticket number."),
        (str(uuid.UUID(int=7)), "No ticket has this code. Check the number and try again."),
    ],
)
def test_a_wrong_ticket_code_is_refused_on_the_field(world, code, message):
    with pytest.raises(DomainError) as error:
        attendance.mark_present_by_ticket(session=world["strategy"], code=code, by=world["organizer"])
    assert (error.value.field, error.value.message) == ("ticket", message)


def test_a_ticket_for_another_workshop_is_refused_on_the_field(world):
    code = str(world["amelie"].ticket_code)
    with pytest.raises(DomainError) as error:
        attendance.mark_present_by_ticket(session=world["risk"], code=code, by=world["organizer"])
    assert (error.value.field, error.value.message) == (
        "ticket",
        "Amélie Côté is not signed up for this workshop.",
    )


# Check-in helpers ---------------------------------------------------------------------------------


def test_an_organizer_names_a_helper_by_email_or_name_once(world):
    event, organizer = world["event"], world["organizer"]
    helper = UserFactory(full_name="Hélène Aide", email="helene@tc.gc.ca")
    first, new = attendance.add_check_in_helper(event=event, who="HELENE@tc.gc.ca", by=organizer)
    again, new_again = attendance.add_check_in_helper(event=event, who="hélène aide", by=organizer)
    assert (new, new_again, again.pk) == (True, False, first.pk)
    assert list(CheckInHelper.objects.values_list("event", "user", "added_by")) == [
        (event.pk, helper.pk, organizer.pk)
    ]
    attendance.remove_check_in_helper(helper=first)
    assert CheckInHelper.objects.count() == 0


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("", "Enter the member’s email or full name."),
        ("nobody@tc.gc.ca", "No member has this email."),
        ("Nobody Here", "No member has this name. Try their email."),
        ("Sam Same", "Several members have this name: enter their email instead."),
        ("Olivia Organizer", "This member is an organizer of the event: they can mark attendance already."),
    ],
)
def test_naming_a_helper_explains_a_refusal(world, who, message):
    UserFactory.create_batch(2, full_name="Sam Same")
    with pytest.raises(DomainError) as error:
        attendance.add_check_in_helper(event=world["event"], who=who, by=world["organizer"])
    assert (error.value.field, error.value.message) == ("member", message)
    assert CheckInHelper.objects.count() == 0


def test_a_helper_may_mark_attendance_at_their_event_only(world):
    helper, stranger = UserFactory(), UserFactory()
    CheckInHelper.objects.create(event=world["event"], user=helper)
    other = EventFactory()
    assert rules.has_perm("events.mark_attendance", helper, world["event"])
    assert not rules.has_perm("events.manage_event", helper, world["event"])
    assert not rules.has_perm("events.mark_attendance", helper, other)
    assert not rules.has_perm("events.mark_attendance", stranger, world["event"])
    assert rules.has_perm("events.mark_attendance", world["organizer"], world["event"])


# Reads --------------------------------------------------------------------------------------------


def test_roster_and_figures_follow_the_rows(world):
    strategy, organizer = world["strategy"], world["organizer"]
    attendance.mark_present(session=strategy, registration=world["amelie"], by=organizer)
    attendance.mark_present(session=strategy, registration=world["carl"], by=organizer)  # from the waitlist
    people = attendance_roster(strategy)
    assert [(c.registration.user.full_name, c.status, c.marked_at is not None) for c in people] == [
        ("Amélie Côté", "confirmed", True),
        ("Bob Tremblay", "confirmed", False),
        ("Carl Roy", "waitlisted", True),
    ]
    assert [c.registration.user.full_name for c in attendance_roster(strategy, search="trem")] == [
        "Bob Tremblay"
    ]
    figures = {
        s.title_en: (s.signed_up, s.present, s.no_shows, s.no_show_percent)
        for s in workshop_attendance(world["event"])
    }
    # Strategy: two confirmed places (Amélie, Bob), two present (Amélie; Carl from the waitlist).
    # Bob is the no-show.
    assert figures == {"Strategy": (2, 2, 1, 50), "Risk": (0, 0, 0, None)}
    assert no_show_rate(workshop_attendance(world["event"])) == (1, 2, 50)
