"""The venue in both official languages: every page, email, calendar and search card shows the reader's,
and the other language, marked with lang, only where the organizer left one out."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from icalendar import Calendar

from events import notifications
from events.models import Event
from events.services import registration as signups
from nmc_portal.models import OutboundEmail
from tests.communities.factories import CommunityFactory
from tests.events.factories import EventFactory, RoomFactory, SessionFactory, at
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

VENUE_EN, VENUE_FR = "Vancouver, British Columbia", "Vancouver (Colombie-Britannique)"
FALLBACK = '<span lang="en">Winnipeg Convention Centre</span>'


def url(language, name, *args):
    with translation.override(language):
        return reverse(f"events:{name}", args=args)


@pytest.fixture
def bilingual():
    """A Vancouver event whose venue is written in both languages, with a session in a room."""
    event = EventFactory(venue_en=VENUE_EN, venue_fr=VENUE_FR, community=CommunityFactory())
    hall = RoomFactory(event=event, name_en="Main hall", name_fr="Grande salle")
    session = SessionFactory(event=event, room=hall, title_en="Opening", title_fr="Ouverture")
    return event, session


@pytest.fixture
def english_only():
    """An event whose organizer wrote the venue in English only."""
    event = EventFactory(venue_en="Winnipeg Convention Centre", venue_fr="", community=CommunityFactory())
    session = SessionFactory(event=event)
    return event, session


def public_pages(event, session, language):
    with translation.override(language):
        return {
            "detail": reverse("events:detail", args=[event.slug]),
            "list": reverse("events:list"),
            "agenda": reverse("events:agenda", args=[event.slug]),
            "session": reverse("events:session", args=[event.slug, session.pk]),
            "community": reverse("communities:detail", args=[event.community.slug]),
        }


def test_an_event_is_online_only_without_a_venue_in_either_language():
    assert Event(venue_en="", venue_fr="").is_online
    assert not Event(venue_en="", venue_fr="Centre Shaw").is_online
    assert not Event(venue_en="Shaw Centre", venue_fr="").is_online


@pytest.mark.parametrize(
    ("language", "venue", "other"), [("en", VENUE_EN, VENUE_FR), ("fr", VENUE_FR, VENUE_EN)]
)
def test_every_public_page_shows_the_venue_in_the_readers_language(client, bilingual, language, venue, other):
    event, session = bilingual
    for name, address in public_pages(event, session, language).items():
        html = client.get(address).content.decode()
        assert venue in html, name
        assert other not in html, name


def test_french_pages_mark_an_english_only_venue_with_its_language(client, english_only):
    event, session = english_only
    for name, address in public_pages(event, session, "fr").items():
        assert FALLBACK in client.get(address).content.decode(), name
    for name, address in public_pages(event, session, "en").items():
        html = client.get(address).content.decode()
        assert "Winnipeg Convention Centre" in html and FALLBACK not in html, name


def test_ticket_shows_the_venue_in_the_page_language(client, bilingual):
    event, _session = bilingual
    member = UserFactory()
    signups.register(event=event, member=member)
    client.force_login(member)
    assert VENUE_FR in client.get(url("fr", "ticket", event.slug)).content.decode()
    assert VENUE_EN in client.get(url("en", "ticket", event.slug)).content.decode()


def test_online_event_pages_say_online_in_both_languages(client):
    event = EventFactory(venue_en="", venue_fr="", online_link="https://meet.example.gc.ca/secret")
    assert "<dd>Online" in client.get(url("en", "detail", event.slug)).content.decode()
    assert "<dd>En ligne" in client.get(url("fr", "detail", event.slug)).content.decode()


def test_calendar_locations_are_in_the_calendars_language(client, bilingual):
    event, _session = bilingual
    locations = {}
    for language in ("en", "fr"):
        calendar = Calendar.from_ical(client.get(url(language, "ics", event.slug)).content)
        locations[language] = [str(item["LOCATION"]) for item in calendar.walk("VEVENT")]
    assert locations == {"en": [f"Main hall, {VENUE_EN}"], "fr": [f"Grande salle, {VENUE_FR}"]}


def test_calendar_falls_back_to_the_english_venue(client, english_only):
    event, _session = english_only
    calendar = Calendar.from_ical(client.get(url("fr", "ics", event.slug)).content)
    assert [str(item["LOCATION"]) for item in calendar.walk("VEVENT")] == ["Winnipeg Convention Centre"]


def test_reminders_give_each_recipient_the_venue_in_their_language(bilingual):
    event, _session = bilingual
    english = UserFactory(preferred_language="en")
    french = UserFactory(preferred_language="fr")
    for member in (english, french):
        signups.register(event=event, member=member)
    assert notifications.send_due_event_emails(now=at(event, 9) - dt.timedelta(days=1)) == 2
    sent = {e.recipient_email: e for e in OutboundEmail.objects.filter(kind="event_reminder")}
    assert VENUE_EN in sent[english.email].body_text and VENUE_FR not in sent[english.email].body_text
    assert VENUE_FR in sent[french.email].body_text and VENUE_EN not in sent[french.email].body_text
    assert VENUE_FR in sent[french.email].body_html


def test_a_french_reminder_marks_an_english_only_venue(english_only):
    event, _session = english_only
    member = UserFactory(preferred_language="fr")
    signups.register(event=event, member=member)
    notifications.send_due_event_emails(now=at(event, 9) - dt.timedelta(days=1))
    email = OutboundEmail.objects.get(kind="event_reminder")
    assert FALLBACK in email.body_html
    assert "Winnipeg Convention Centre" in email.body_text


def test_search_finds_an_event_by_its_venue_and_shows_it_in_the_readers_language(client, bilingual):
    event, _session = bilingual
    with translation.override("fr"):
        search = reverse("search:search")
    html = client.get(search, {"q": "Colombie-Britannique"}).content.decode()
    assert escape(event.title_fr) in html
    assert VENUE_FR in html and VENUE_EN not in html
    with translation.override("en"):
        search = reverse("search:search")
    html = client.get(search, {"q": "British Columbia"}).content.decode()
    assert escape(event.title_en) in html
    assert VENUE_EN in html


# The event form ---------------------------------------------------------------------------------------


def event_post(**overrides):
    data = {
        "title_en": "Prairies learning day",
        "title_fr": "Journée des Prairies",
        "kind": "learning_day",
        "region": "prairies",
        "timezone": "America/Winnipeg",
        "start_date": "2030-06-03",
        "end_date": "2030-06-03",
        "venue_en": "Winnipeg, Manitoba",
        "venue_fr": "Winnipeg (Manitoba)",
        "capacity": "80",
        "max_workshops_per_person": "1",
    }
    return {**data, **overrides}


def an_organizer():
    """Someone who may create events: an organizer of another event."""
    organizer = UserFactory()
    EventFactory(organizers=[organizer])
    return organizer


def test_event_form_saves_the_venue_in_both_languages(client):
    client.force_login(an_organizer())
    response = client.post(url("fr", "create"), event_post())
    assert response.status_code == 302
    event = Event.objects.get(title_en="Prairies learning day")
    assert (event.venue_en, event.venue_fr) == ("Winnipeg, Manitoba", "Winnipeg (Manitoba)")
    page = client.get(url("fr", "edit", event.slug)).content.decode()
    assert 'value="Winnipeg, Manitoba"' in page and 'value="Winnipeg (Manitoba)"' in page


def test_event_form_without_a_venue_or_a_link_says_so_next_to_the_venue(client):
    client.force_login(an_organizer())
    response = client.post(url("en", "create"), event_post(venue_en="", venue_fr=""))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["venue_en"]
    html = response.content.decode()
    error = '<ul class="errorlist error-message" id="id_venue_en_error"><li>Give a venue, an online link'
    assert error in html
    assert 'value="Prairies learning day"' in html
    assert not Event.objects.filter(title_en="Prairies learning day").exists()


def test_event_form_takes_an_online_event_with_no_venue(client):
    client.force_login(an_organizer())
    response = client.post(
        url("en", "create"), event_post(venue_en="", venue_fr="", online_link="https://meet.example.gc.ca/x")
    )
    assert response.status_code == 302
    assert Event.objects.get(title_en="Prairies learning day").is_online
