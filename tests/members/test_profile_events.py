import datetime as dt

import pytest
from django.utils import timezone

from events.models import Event, Registration
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import UserFactory
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def listed(**fields):
    return UserFactory(directory_visible=True, **fields)


def upcoming(days=30, **fields):
    day = timezone.localdate() + dt.timedelta(days=days)
    return EventFactory(start_date=day, end_date=day, **fields)


def test_profile_shows_upcoming_events_when_the_member_allows_it(member_client):
    peer = listed(full_name="Pat Peer", show_events_on_profile=True)
    soon, later = upcoming(10, title_en="Soon day"), upcoming(40, title_en="Later forum")
    for event in (later, soon):
        RegistrationFactory(event=event, user=peer)
    RegistrationFactory(
        event=upcoming(20, title_en="Dropped day"), user=peer, status=Registration.Status.CANCELLED
    )
    RegistrationFactory(event=upcoming(5, title_en="Draft day", status=Event.Status.DRAFT), user=peer)
    past = timezone.localdate() - dt.timedelta(days=3)
    RegistrationFactory(event=EventFactory(title_en="Past day", start_date=past, end_date=past), user=peer)

    response = member_client.get(f"/en/directory/{peer.pk}/")
    assert response.status_code == 200
    assert [event.title_en for event in response.context["events"]] == ["Soon day", "Later forum"]
    html = response.content.decode()
    assert "<h2>Upcoming events</h2>" in html
    assert "Dropped day" not in html and "Draft day" not in html and "Past day" not in html


def test_profile_hides_events_unless_the_member_allows_it(member_client):
    peer = listed(full_name="Quiet Peer")
    RegistrationFactory(event=upcoming(title_en="Private plans"), user=peer)
    response = member_client.get(f"/en/directory/{peer.pk}/")
    assert response.status_code == 200
    assert response.context["events"] == []
    assert "Upcoming events" not in response.content.decode()
    assert "Private plans" not in response.content.decode()


def test_profile_events_take_the_same_queries_for_one_or_many_events(member_client):
    peer = listed(show_events_on_profile=True)
    RegistrationFactory(event=upcoming(3), user=peer)
    url = f"/en/directory/{peer.pk}/"
    member_client.get(url)
    few, _ = count_queries(member_client.get, url)
    for days in range(4, 14):
        RegistrationFactory(event=upcoming(days), user=peer)
    many, response = count_queries(member_client.get, url)
    assert len(response.context["events"]) == 11
    assert few == many


def test_profile_form_saves_the_events_choice(member_client, member):
    data = {
        "full_name": member.full_name,
        "preferred_language": "en",
        "show_events_on_profile": "on",
        "directory_visible": "on",
        "notify_replies": "on",
        "community_digest": "on",
    }
    response = member_client.post("/en/members/profile/", data)
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.show_events_on_profile is True
