"""The organizer's dashboard: who may see it, its numbers against the rows in PostgreSQL, registrations
per day at the venue's time zone, needs escaped and marked as typed, the live check-in count, the
feedback survey's response rate, and a query count that does not grow with the event."""

import datetime as dt

import pytest

from events.models import Registration
from events.queries.dashboard import dashboard_counts, registrations_by_day
from events.services import registration as signups
from surveys import services as surveys
from surveys.links import respondent_key
from surveys.models import Response
from tests.factories import UserFactory
from tests.helpers import assert_constant_queries, page_text

pytestmark = pytest.mark.django_db

ROLES = {"visitor": 302, "member": 404, "other_organizer": 404, "organizer": 200, "admin": 200}


def url(event, language="en"):
    if language == "fr":
        return f"/fr/evenements/gerer/{event.slug}/tableau-de-bord/"
    return f"/en/events/manage/{event.slug}/dashboard/"


@pytest.mark.parametrize("role", ROLES)
def test_dashboard_is_for_the_event_organizers_and_admins(client, signups_world, role):
    if signups_world["users"][role]:
        client.force_login(signups_world["users"][role])
    response = client.get(url(signups_world["event"]))
    assert response.status_code == ROLES[role]
    if role == "visitor":
        assert response["Location"] == f"/en/accounts/login/?next={url(signups_world['event'])}"


def test_dashboard_numbers_match_the_rows(client, signups_world):
    event, (first, second, _late) = signups_world["event"], signups_world["workshops"]
    client.force_login(signups_world["users"]["organizer"])
    bob = signups.register(event=event, member=UserFactory(full_name="Bob Tremblay"))
    signups.choose_workshops(registration=bob, sessions=[first])
    carl = signups.register(event=event, member=UserFactory(full_name="Carl Roy"))
    signups.choose_workshops(registration=carl, sessions=[first])  # full: waitlisted
    gone = signups.register(event=event, member=UserFactory(full_name="Dana Leblanc"))
    signups.cancel_registration(registration=gone)
    signups.check_in(registration=bob, by=signups_world["users"]["organizer"])

    rows = Registration.objects.filter(event=event)
    expected = {
        "confirmed": rows.filter(status="confirmed").count(),
        "waitlisted": rows.filter(status="waitlisted").count(),
        "cancelled": rows.filter(status="cancelled").count(),
        "checked_in": rows.filter(checked_in_at__isnull=False).count(),
        "accessibility": 0,
        "dietary": 1,
    }
    assert expected == {**expected, "confirmed": 3, "cancelled": 1, "checked_in": 1}
    assert dashboard_counts(event) == expected

    html = client.get(url(event)).content.decode()
    assert '<dd data-count="confirmed">3</dd>' in html
    assert '<dd data-count="waitlisted">0</dd>' in html
    assert '<dd data-count="cancelled">1</dd>' in html
    text = page_text(html)
    assert "1 of 3 participants checked in" in text
    assert "Strategy" in text and "2 of 2 (100%)" in text  # Amélie and Bob; Carl waits
    assert first.choices.filter(status="waitlisted").count() == 1
    assert "Risk" in text and "0 of 2 (0%)" in text
    assert second.choices.count() == 0
    assert "4 registrations in all" in text  # made, cancelled since or not
    assert "1 person states a dietary need." in text and "0 people state an accessibility need." in text


def test_registrations_are_counted_per_day_at_the_venue(signups_world):
    """11:30 p.m. in Vancouver is already the next day in UTC: it counts on the Vancouver day."""
    event = signups_world["event"]  # America/Vancouver; Amélie registered just now
    Registration.objects.filter(event=event).delete()
    late = dt.datetime(2029, 11, 30, 23, 30, tzinfo=event.tzinfo)
    for moment in (late, late - dt.timedelta(hours=5), late + dt.timedelta(days=2)):
        registration = signups.register(event=event, member=UserFactory())
        Registration.objects.filter(pk=registration.pk).update(created_at=moment)
    days = registrations_by_day(event)
    assert [(d.day, d.count, d.total) for d in days] == [
        (dt.date(2029, 11, 30), 2, 2),
        (dt.date(2029, 12, 2), 1, 3),
    ]


def test_chart_and_its_table_show_each_day(client, signups_world):
    event = signups_world["event"]
    Registration.objects.filter(event=event).update(
        created_at=dt.datetime(2029, 11, 30, 10, tzinfo=event.tzinfo)
    )
    registration = signups.register(event=event, member=UserFactory())
    Registration.objects.filter(pk=registration.pk).update(
        created_at=dt.datetime(2029, 12, 1, 10, tzinfo=event.tzinfo)
    )
    client.force_login(signups_world["users"]["organizer"])
    html = client.get(url(event)).content.decode()
    assert '<title id="registrations-chart-title">Registrations over time</title>' in html
    assert 'points="48.0,100.0 540.0,20.0"' in html
    assert "From November 30, 2029 to December 1, 2029, 2 registrations in all." in page_text(html)
    assert '<th scope="row">November 30, 2029</th><td>1</td><td>1</td>' in html
    assert '<th scope="row">December 1, 2029</th><td>1</td><td>2</td>' in html
    french = client.get(url(event, "fr")).content.decode()
    assert '<th scope="row">30 novembre 2029</th><td>1</td><td>1</td>' in french
    assert '<th scope="row">1er décembre 2029</th><td>1</td><td>2</td>' in french


def test_needs_are_escaped_and_marked_as_typed(client, signups_world):
    event = signups_world["event"]
    evil = "<script>alert(1)</script>"
    signups.register(event=event, member=UserFactory(full_name="Eve"), accessibility_needs=evil)
    cancelled = signups.register(event=event, member=UserFactory(full_name="Gone"), dietary_needs="Vegan")
    signups.cancel_registration(registration=cancelled)
    client.force_login(signups_world["users"]["organizer"])
    html = client.get(url(event)).content.decode()
    assert evil not in html
    assert "<td data-typed>&lt;script&gt;alert(1)&lt;/script&gt;</td>" in html
    assert "<td data-typed>Végétarien</td>" in html
    assert "Vegan" not in html  # a cancelled registration's needs are not planned for
    assert "1 person states an accessibility need." in page_text(html)


def test_check_in_count_is_polled_and_refreshes_without_javascript(client, signups_world):
    event = signups_world["event"]
    client.force_login(signups_world["users"]["organizer"])
    html = client.get(url(event)).content.decode()
    assert f'hx-get="/en/events/manage/{event.slug}/check-in/count/" hx-trigger="every 10s"' in html
    assert f'<form method="get" action="{url(event)}#check-in">' in html
    signups.check_in(registration=signups_world["registration"], by=signups_world["users"]["organizer"])
    partial = client.get(f"/en/events/manage/{event.slug}/check-in/count/").content.decode()
    assert "1 of 1 participants checked in" in page_text(partial)


def test_response_rate_of_the_feedback_survey(client, signups_world):
    event = signups_world["event"]
    client.force_login(signups_world["users"]["organizer"])
    assert "This event has no feedback survey yet." in page_text(client.get(url(event)).content.decode())
    survey = surveys.ensure_feedback_survey(event)
    for _ in range(3):
        signups.register(event=event, member=UserFactory())
    Response.objects.create(survey=survey, respondent_key=respondent_key(survey, signups_world["attendee"]))
    text = page_text(client.get(url(event)).content.decode())
    assert "1 response from 4 participants: a response rate of 25%." in text


def test_organizer_pages_lead_to_the_dashboard(client, signups_world):
    event = signups_world["event"]
    client.force_login(signups_world["users"]["organizer"])
    mine = client.get("/en/events/manage/").content.decode()
    assert mine.index(f'href="{url(event)}"') < mine.index(f'href="/en/events/manage/{event.slug}/"')
    registrations = client.get(f"/en/events/manage/{event.slug}/registrations/").content.decode()
    assert f'<a href="{url(event)}">' in registrations  # the event's crumb
    builder = client.get(f"/en/events/manage/{event.slug}/").content.decode()
    assert f'href="{url(event)}">Dashboard</a>' in builder


def test_dashboard_queries_do_not_grow_with_the_event(client, signups_world):
    event, workshops = signups_world["event"], signups_world["workshops"]
    surveys.ensure_feedback_survey(event)
    client.force_login(signups_world["users"]["organizer"])

    def grow():
        for n in range(6):
            registration = signups.register(
                event=event, member=UserFactory(), accessibility_needs=f"Ramp {n}", dietary_needs="Halal"
            )
            Registration.objects.filter(pk=registration.pk).update(
                created_at=dt.datetime(2029, 11, 1 + n, 10, tzinfo=event.tzinfo)
            )
            signups.choose_workshops(registration=registration, sessions=[workshops[2]])

    assert_constant_queries(client, url(event), grow)
