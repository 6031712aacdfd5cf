"""The feedback survey asks each member to rate only the sessions they attended once the event recorded
attendance at its workshops; without any workshop attendance, what they signed up for (the fallback)."""

import pytest

from events.models import Session
from events.services import attendance
from events.services import registration as signups
from surveys.models import Response
from surveys.queries import sessions_to_rate
from tests.events.factories import workshop
from tests.factories import UserFactory
from tests.helpers import page_text
from tests.surveys.helpers import answer_data, link

pytestmark = pytest.mark.django_db


def titles(sessions):
    return [s.title_en for s in sessions]


@pytest.fixture
def late(world):
    """A second workshop slot at 15:00 that Amélie signed up for too, and a colleague with the same
    workshops who was marked present at one of them."""
    event, member = world["event"], world["member"]
    late = workshop(event, 15, title_en="Coaching", title_fr="Encadrement")
    registration = event.registrations.get(user=member)
    signups.choose_workshops(registration=registration, sessions=[world["workshop"], late])
    colleague = signups.register(event=event, member=UserFactory(full_name="Bob Tremblay"))
    signups.choose_workshops(registration=colleague, sessions=[world["workshop"], late])
    attendance.mark_present(session=late, registration=colleague, by=world["users"]["organizer"])
    return late


def test_without_workshop_attendance_the_signed_up_sessions_are_asked(world):
    assert titles(sessions_to_rate(world["survey"], world["member"])) == ["Opening keynote", "Strategy"]


def test_only_the_attended_workshop_and_the_plenaries_are_asked(world, late):
    member = world["member"]
    registration = world["event"].registrations.get(user=member)
    attendance.mark_present(session=late, registration=registration, by=world["users"]["organizer"])
    # Marked at Coaching only (and so checked in): the keynote and Coaching, not Strategy.
    assert titles(sessions_to_rate(world["survey"], member)) == ["Opening keynote", "Coaching"]


def test_a_member_not_marked_anywhere_nor_checked_in_is_asked_about_no_session(world, late):
    assert sessions_to_rate(world["survey"], world["member"]) == []


def test_a_member_checked_in_but_marked_at_no_workshop_rates_the_plenaries_only(world, late):
    registration = world["event"].registrations.get(user=world["member"])
    signups.check_in(registration=registration, by=world["users"]["organizer"])
    assert titles(sessions_to_rate(world["survey"], world["member"])) == ["Opening keynote"]


def test_undoing_the_last_mark_of_the_event_falls_back_to_the_sign_ups(world, late):
    colleague = world["event"].registrations.get(user__full_name="Bob Tremblay")
    attendance.undo_attendance(session=late, registration=colleague)
    assert titles(sessions_to_rate(world["survey"], world["member"])) == [
        "Opening keynote",
        "Strategy",
        "Coaching",
    ]


def test_the_form_shows_and_saves_only_the_attended_sessions(client, world, late):
    survey, member = world["survey"], world["member"]
    registration = world["event"].registrations.get(user=member)
    attendance.mark_present(session=late, registration=registration, by=world["users"]["organizer"])
    page = page_text(client.get(link(world)).content.decode())
    assert "Coaching" in page and "Opening keynote" in page
    assert "Strategy" not in page and "Risk" not in page
    data, questions, _ = answer_data(survey)
    keynote = Session.objects.get(event=world["event"], title_en="Opening keynote")
    question = questions["session_rating"].pk
    data[f"q{question}_s{late.pk}"] = 5
    data[f"q{question}_s{keynote.pk}"] = 4
    data[f"q{question}_s{world['workshop'].pk}"] = 1  # not asked: ignored
    assert client.post(link(world), data).status_code == 302
    rated = Response.objects.get(survey=survey).answers.filter(question_id=question)
    assert sorted(rated.values_list("session__title_en", "rating")) == [
        ("Coaching", 5),
        ("Opening keynote", 4),
    ]
