"""The online link reaches confirmed registrants (My events, ticket, confirmation, promotion, reminders)
and nobody else: not the waitlisted, not the cancelled, not the public pages, .ics files or search."""

import datetime as dt

import pytest

from events import notifications
from events.services import registration as signups
from nmc_portal.models import OutboundEmail
from tests.events.factories import EventFactory, SessionFactory, at
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LINK = "https://meet.example.gc.ca/j/8841-secret"


@pytest.fixture
def webinar():
    event = EventFactory(
        slug="coaching-webinar",
        title_en="Coaching webinar",
        venue_en="",
        venue_fr="",
        online_link=LINK,
        capacity=1,
        start_date=dt.date(2030, 1, 15),
        end_date=dt.date(2030, 1, 15),
        reminder_days=[1],
    )
    SessionFactory(event=event, title_en="Coaching in practice")
    return event


@pytest.fixture
def people(webinar):
    confirmed, waitlisted = UserFactory(), UserFactory()
    signups.register(event=webinar, member=confirmed)
    signups.register(event=webinar, member=waitlisted)
    return confirmed, waitlisted


def page(client, member, path):
    client.force_login(member)
    response = client.get(path)
    client.logout()
    return response


def test_confirmed_registrant_sees_the_link_on_my_events_and_the_ticket(client, webinar, people):
    confirmed, _waitlisted = people
    for path in ("/en/events/my-events/", f"/en/events/{webinar.slug}/ticket/"):
        html = page(client, confirmed, path).content.decode()
        assert f'<a href="{LINK}" rel="noopener noreferrer">{LINK}</a>' in html
        assert "Join online:" in html


def test_waitlisted_registrant_does_not_see_the_link(client, webinar, people):
    _confirmed, waitlisted = people
    assert LINK not in page(client, waitlisted, "/en/events/my-events/").content.decode()
    assert page(client, waitlisted, f"/en/events/{webinar.slug}/ticket/").status_code == 404


def test_cancelled_registrant_does_not_see_the_link(client, webinar, people):
    confirmed, _waitlisted = people
    signups.cancel_registration(registration=confirmed.registrations.get())
    assert LINK not in page(client, confirmed, "/en/events/my-events/").content.decode()


def test_confirmation_email_carries_the_link_and_the_waitlist_email_does_not(webinar, people):
    confirmed, waitlisted = people
    to_confirmed = OutboundEmail.objects.get(kind="registration_received", recipient=confirmed)
    to_waitlisted = OutboundEmail.objects.get(kind="registration_received", recipient=waitlisted)
    assert f"Join online: {LINK}" in to_confirmed.body_text
    assert f'<a href="{LINK}">{LINK}</a>' in to_confirmed.body_html
    assert LINK not in to_waitlisted.body_text + to_waitlisted.body_html


def test_promotion_from_the_waitlist_carries_the_link(webinar, people):
    confirmed, waitlisted = people
    signups.cancel_registration(registration=confirmed.registrations.get())
    promoted = OutboundEmail.objects.get(kind="registration_promoted", recipient=waitlisted)
    assert f"Join online: {LINK}" in promoted.body_text
    assert LINK in promoted.body_html


def test_reminder_carries_the_link_in_text_and_html_to_confirmed_registrants_only(webinar, people):
    confirmed, _waitlisted = people
    assert notifications.send_due_event_emails(now=at(webinar, 9) - dt.timedelta(days=1)) == 1
    reminder = OutboundEmail.objects.get(kind="event_reminder")
    assert reminder.recipient == confirmed
    assert f"Join online: {LINK}" in reminder.body_text
    assert f'<a href="{LINK}">{LINK}</a>' in reminder.body_html


@pytest.mark.parametrize(
    "path",
    [
        "/en/events/coaching-webinar/",
        "/en/events/coaching-webinar/agenda/",
        "/en/events/coaching-webinar/calendar.ics",
        "/en/events/",
        "/en/library/search/?q=coaching",
    ],
)
def test_public_pages_ics_and_search_never_show_the_link(client, webinar, people, path):
    confirmed, _waitlisted = people
    session = webinar.sessions.get()
    for who in (None, confirmed):
        if who:
            client.force_login(who)
        for url in (path, f"/en/events/coaching-webinar/sessions/{session.pk}/"):
            response = client.get(url)
            assert response.status_code == 200
            assert LINK not in response.content.decode()
        client.logout()
