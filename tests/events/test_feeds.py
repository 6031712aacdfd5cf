"""My events in my own calendar (a private webcal feed) and the public feeds of upcoming events."""

import datetime as dt
import json

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from events.models import Event, Registration
from events.services import agenda
from events.services import registration as signups
from tests.events.factories import EventFactory, PartnerFactory, RoomFactory, SessionFactory, at, workshop
from tests.factories import UserFactory
from tests.helpers import assert_constant_queries, count_queries

pytestmark = pytest.mark.django_db


def forget_feeds():
    """Drop the cached public feeds (and nothing else in the shared Redis)."""
    redis = cache._cache.get_client(write=True)
    for key in redis.scan_iter(cache.make_key("events:feed:*")):
        redis.delete(key)


def feed_url(member):
    return reverse("calendar:member", kwargs={"token": member.calendar_token})


def items(response):
    """The VEVENTs of an iCalendar response as {summary: component}."""
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(item["SUMMARY"]): item for item in calendar.walk("VEVENT")}


@pytest.fixture
def day():
    event = EventFactory(
        title_en="Learning day",
        title_fr="Journée d'apprentissage",
        venue_en="Vancouver",
        venue_fr="Vancouver (Colombie-Britannique)",
    )
    room = RoomFactory(event=event, name_en="Main hall", name_fr="Grande salle")
    SessionFactory(event=event, title_en="Welcome", title_fr="Mot de bienvenue", room=room)
    first = workshop(event, 13, title_en="Strategy", title_fr="Stratégie")
    second = workshop(event, 13, title_en="Risk", title_fr="Risques")
    return {"event": event, "room": room, "first": first, "second": second}


# The private feed -----------------------------------------------------------------------------------


def test_every_member_has_their_own_secret_address():
    one, two = UserFactory(), UserFactory()
    assert one.calendar_token and two.calendar_token and one.calendar_token != two.calendar_token
    assert len(one.calendar_token) >= 40


def test_the_feed_holds_my_agenda_in_my_language_and_follows_my_changes(client, day):
    member = UserFactory(preferred_language="fr")
    registration = signups.register(event=day["event"], member=member)
    signups.choose_workshops(registration=registration, sessions=[day["first"]])

    response = client.get(feed_url(member))  # a calendar app: no session, no language prefix
    assert response.status_code == 200
    found = items(response)
    assert set(found) == {
        "Mot de bienvenue – Journée d'apprentissage",
        "Stratégie – Journée d'apprentissage",
    }  # the workshop I did not choose is not in my calendar
    welcome = found["Mot de bienvenue – Journée d'apprentissage"]
    assert str(welcome["LOCATION"]) == "Grande salle, Vancouver (Colombie-Britannique)"
    assert welcome["DTSTART"].dt == at(day["event"], 9)
    assert welcome["DTSTART"].params["TZID"] == "America/Vancouver"

    # I change my workshop, then the organizers move it: the same address shows both changes.
    signups.choose_workshops(registration=registration, sessions=[day["second"]])
    agenda.move_session(session=day["second"], starts_at=at(day["event"], 15), room=day["room"])
    found = items(client.get(feed_url(member)))
    assert "Stratégie – Journée d'apprentissage" not in found
    assert found["Risques – Journée d'apprentissage"]["DTSTART"].dt == at(day["event"], 15)


def test_a_waitlisted_event_is_tentative_and_a_cancelled_one_leaves(client, day):
    day["event"].capacity = 1
    day["event"].save()
    signups.register(event=day["event"], member=UserFactory())
    member = UserFactory(preferred_language="en")
    registration = signups.register(event=day["event"], member=member)
    found = items(client.get(feed_url(member)))
    assert list(found) == ["Learning day (waitlist)"]
    assert str(found["Learning day (waitlist)"]["STATUS"]) == "TENTATIVE"
    assert found["Learning day (waitlist)"]["DTSTART"].dt == day["event"].start_date

    signups.cancel_registration(registration=registration)
    assert items(client.get(feed_url(member))) == {}


def test_drafts_and_other_peoples_events_stay_out(client, day):
    member = UserFactory()
    draft = EventFactory(status=Event.Status.DRAFT, title_en="Secret draft")
    signups.register(event=day["event"], member=UserFactory())  # someone else
    Registration.objects.create(event=draft, user=member, status=Registration.Status.CONFIRMED)
    assert items(client.get(feed_url(member))) == {}


def test_resetting_the_address_kills_the_old_one(client, day):
    member = UserFactory()
    signups.register(event=day["event"], member=member)
    old = feed_url(member)
    assert client.get(old).status_code == 200

    client.force_login(member)
    page = client.get("/en/members/")
    assert member.calendar_token in page.content.decode()
    assert "webcal://" in page.content.decode()
    response = client.post(reverse("members:calendar_reset"), follow=True)
    assert "Your calendar has a new address. The old address no longer works." in response.content.decode()
    member.refresh_from_db()
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(feed_url(member)).status_code == 200
    assert member.calendar_token in response.content.decode()  # the page shows the new address


def test_the_reset_is_a_post_for_the_signed_in_member_only(client):
    member = UserFactory()
    token = member.calendar_token
    assert client.post(reverse("members:calendar_reset")).status_code == 302  # to sign-in
    client.force_login(member)
    assert client.get(reverse("members:calendar_reset")).status_code == 405
    member.refresh_from_db()
    assert member.calendar_token == token


def test_an_unknown_or_inactive_address_is_404(client):
    assert client.get("/calendar/not-a-real-token.ics").status_code == 404
    member = UserFactory(is_active=False)
    assert client.get(feed_url(member)).status_code == 404


def test_my_events_page_offers_the_subscription_in_french(client):
    member = UserFactory(preferred_language="fr")
    client.force_login(member)
    with translation.override("fr"):
        page = client.get(reverse("events:mine")).content.decode()
    assert "S’abonner à tous mes événements dans mon application de calendrier" in page or (
        "S'abonner à tous mes événements dans mon application de calendrier" in page
    )
    assert f"webcal://testserver/calendar/{member.calendar_token}.ics" in page or (
        f"/calendar/{member.calendar_token}.ics" in page
    )


def test_the_private_feed_takes_the_same_queries_for_one_event_or_many(client):
    member = UserFactory()
    url = feed_url(member)

    def grow():
        for n in range(3):
            event = EventFactory(start_date=dt.date(2030, 2, 1 + n))
            SessionFactory(event=event, room=RoomFactory(event=event))
            chosen = workshop(event, 13)
            registration = signups.register(event=event, member=member)
            signups.choose_workshops(registration=registration, sessions=[chosen])

    grow()
    assert_constant_queries(client, url, grow)


# The public feeds -----------------------------------------------------------------------------------


@pytest.fixture
def listed():
    partner = PartnerFactory(
        name_en="Canada School of Public Service", name_fr="École de la fonction publique"
    )
    event = EventFactory(
        slug="forum",
        title_en="National forum",
        title_fr="Forum national",
        venue_en="Vancouver",
        venue_fr="Vancouver (Colombie-Britannique)",
        start_date=dt.date(2030, 3, 10),
    )
    event.partners.set([partner])
    SessionFactory(event=event, language="bilingual", starts_at=at(event, 9), ends_at=at(event, 16))
    online = EventFactory(
        slug="webinar",
        title_en="Webinar",
        title_fr="Webinaire",
        venue_en="",
        venue_fr="",
        start_date=dt.date(2030, 4, 1),
    )
    EventFactory(slug="draft", status=Event.Status.DRAFT, title_en="Draft")
    EventFactory(slug="past", title_en="Long ago", start_date=dt.date(2001, 1, 1))
    return {"event": event, "online": online}


def test_the_json_feed_lists_upcoming_published_events_in_each_language(client, listed):
    data = json.loads(client.get("/fr/evenements/feed.json").content)
    assert data["language"] == "fr"
    assert [event["id"] for event in data["events"]] == ["forum", "webinar"]
    forum, webinar = data["events"]
    assert forum["title"] == "Forum national"
    assert forum["starts_at"] == "2030-03-10T09:00:00-07:00"  # the venue's time zone, stated
    assert forum["ends_at"] == "2030-03-10T16:00:00-07:00"
    assert forum["time_zone"] == "America/Vancouver"
    assert forum["venue"] == "Vancouver (Colombie-Britannique)" and forum["online"] is False
    assert forum["languages"] == ["en", "fr"]
    assert forum["hosting_partners"][0]["name"] == "École de la fonction publique"
    assert forum["registration_url"].endswith("/fr/evenements/forum/inscription/")
    assert webinar["online"] is True and webinar["starts_at"] is None

    english = json.loads(client.get("/en/events/feed.json").content)
    assert english["events"][0]["title"] == "National forum"
    assert english["events"][0]["registration_url"].endswith("/en/events/forum/register/")


def test_the_ics_feed_lists_the_same_events(client, listed):
    found = items(client.get("/en/events/feed.ics"))
    assert set(found) == {"National forum", "Webinar"}
    assert found["National forum"]["DTSTART"].params["TZID"] == "America/Vancouver"
    assert found["Webinar"]["DTSTART"].dt == dt.date(2030, 4, 1)
    assert set(items(client.get("/fr/evenements/feed.ics"))) == {"Forum national", "Webinaire"}


def test_the_public_feeds_follow_a_change_at_once_despite_the_cache(client, listed):
    assert "National forum" in client.get("/en/events/feed.json").content.decode()
    agenda.update_event(event=listed["event"], title_en="National managers' forum")
    body = client.get("/en/events/feed.json").content.decode()
    assert "National managers' forum" in body and '"National forum"' not in body
    agenda.cancel_event(event=listed["online"])
    assert "Webinar" not in client.get("/en/events/feed.json").content.decode()


@pytest.mark.parametrize("path", ["/en/events/feed.json", "/en/events/feed.ics"])
def test_the_public_feeds_take_the_same_queries_for_any_number_of_events(client, listed, path):
    def grow():
        for n in range(4):
            event = EventFactory(start_date=dt.date(2030, 5, 1 + n))
            event.partners.set([PartnerFactory(), PartnerFactory()])
            SessionFactory(event=event)

    forget_feeds()
    cold_small, _ = count_queries(client.get, path)
    grow()
    forget_feeds()
    cold_large, _ = count_queries(client.get, path)
    assert cold_small == cold_large  # built from the database: constant
    warm, _ = count_queries(client.get, path)
    assert warm < cold_large  # served from the cache: only the version query


def test_the_events_list_links_the_feeds(client, listed):
    page = client.get("/fr/evenements/").content.decode()
    assert 'href="/fr/evenements/feed.ics"' in page and 'href="/fr/evenements/feed.json"' in page
