"""The events section of 'download my data': registrations with their workshops, rankings, attendance
marks and held offers, and the events where the member marks attendance, in constant queries."""

import json

import pytest

from events.models import WaitlistOffer
from events.services import attendance
from events.services import registration as signups
from tests.events.factories import EventFactory, workshop
from tests.factories import UserFactory
from tests.portal.test_privacy_notices import reverse_in

pytestmark = pytest.mark.django_db


def export(client):
    return json.loads(client.get(reverse_in("en", "members:export_data")).content)


def attended_event(member, organizer, title):
    event = EventFactory(organizers=[organizer], status="published", capacity=50)
    session = workshop(event, 13, title_en=title, title_fr=f"{title} (fr)")
    registration = signups.register(event=event, member=member)
    signups.choose_workshops(registration=registration, sessions=[session])
    attendance.mark_present(session=session, registration=registration, by=organizer)
    return event


def test_the_export_holds_attendance_offers_and_helper_roles_in_constant_queries(
    client, django_assert_max_num_queries
):
    member, organizer = UserFactory(), UserFactory()
    attended_event(member, organizer, "Plain language")
    full = EventFactory(status="published", capacity=1, waitlist_offers=True)
    first = signups.register(event=full, member=UserFactory())
    signups.register(event=full, member=member)
    signups.cancel_registration(registration=first)  # the place is offered to the member
    helping = EventFactory(organizers=[organizer])
    attendance.add_check_in_helper(event=helping, who=member.email, by=organizer)
    client.force_login(member)

    with django_assert_max_num_queries(40) as few:
        data = export(client)
    by_event = {row["event"]: row for row in data["registrations"]}
    assert len(by_event) == 2
    marks = [row["workshop_attendance"] for row in data["registrations"] if row["workshop_attendance"]]
    assert [[mark["title"] for mark in found] for found in marks] == [["Plain language"]]
    offer = WaitlistOffer.objects.get(registration__user=member)
    assert by_event[full.slug]["waitlist_offers"] == [
        {
            "workshop": None,
            "workshop_fr": None,
            "status": "offered",
            "offered_at": offer.offered_at.isoformat(),
            "answer_by": offer.expires_at.isoformat(),
            "answered_at": None,
        }
    ]
    assert [row["event"] for row in data["check_in_helper_for"]] == [helping.slug]

    for n in range(3):
        attended_event(member, organizer, f"More {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(export(client)["registrations"]) == 5
