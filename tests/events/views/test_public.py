import datetime as dt

import pytest
from icalendar import Calendar

from events import demo
from events.models import Event, Partner, Session, SessionSpeaker
from members import demo as members_demo
from tests.events.factories import EventFactory, RoomFactory, SessionFactory, SessionSpeakerFactory, at
from tests.helpers import page_text

pytestmark = pytest.mark.django_db

DEMO = "/en/events/social-media-learning-day-2027/"


@pytest.fixture
def demo_data(db):
    members_demo.load()
    demo.load()
    return Event.objects.get(slug="social-media-learning-day-2027")


def test_demo_load_twice_creates_no_duplicates(demo_data):
    demo.load()
    assert Event.objects.count() == 4
    assert Partner.objects.count() == 4
    assert Session.objects.filter(event=demo_data).count() == 12
    assert SessionSpeaker.objects.filter(session__event=demo_data).count() == 7


def test_demo_learning_day_has_the_seed_agenda(demo_data):
    workshops = demo_data.sessions.filter(kind="workshop").order_by("starts_at", "room__position")
    assert [s.title_en for s in workshops] == [
        "Building a Social Media Strategy",
        "Social Media Risk Management",
        "All About the GoC's Social Media Tools",
        "Who Are You Online?",
        "Social Media Solutions to Innovation Challenges",
        "Social Media Basics",
    ]
    assert len({s.starts_at for s in workshops}) == 2
    assert all(s.title_fr for s in workshops)
    assert demo_data.max_workshops_per_person == 2
    panel = demo_data.sessions.get(kind="panel")
    assert [(ss.speaker.name, ss.role) for ss in panel.session_speakers.select_related("speaker")] == [
        ("Patrick Tobin", "host"),
        ("Steve Dotto", "panelist"),
        ("Paola Rossell", "panelist"),
        ("Jodi LeBlanc", "panelist"),
        ("Roy Nader", "panelist"),
    ]
    keynote = demo_data.sessions.get(kind="keynote")
    assert demo_data.local(keynote.starts_at).strftime("%H:%M %Z") == "09:00 PST"


def test_demo_events_cover_every_state(demo_data):
    assert dict(Event.objects.values_list("slug", "status")) == {
        "social-media-learning-day-2027": "published",
        "national-managers-forum-2027": "draft",
        "coaching-conversations-webinar-2025": "completed",
        "social-media-learning-day-2026": "completed",
    }


def test_event_list_shows_upcoming_public_events_soonest_first(client):
    later = EventFactory(title_en="Later day", start_date=dt.date(2031, 3, 1))
    sooner = EventFactory(title_en="Sooner day", start_date=dt.date(2030, 3, 1))
    EventFactory(title_en="Secret draft", status=Event.Status.DRAFT)
    EventFactory(title_en="Old day", start_date=dt.date(2020, 3, 1), status=Event.Status.COMPLETED)
    html = client.get("/en/events/").content.decode()
    assert html.index(sooner.title_en) < html.index(later.title_en)
    assert "Secret draft" not in html
    assert "Old day" not in html


def test_event_list_past_events_are_reachable(client):
    EventFactory(title_en="Old day", start_date=dt.date(2020, 3, 1), status=Event.Status.COMPLETED)
    EventFactory(title_en="Older day", start_date=dt.date(2019, 3, 1), status=Event.Status.COMPLETED)
    EventFactory(title_en="Future day")
    html = client.get("/en/events/?when=past").content.decode()
    assert "<h1>Past events</h1>" in html
    assert html.index("Old day") < html.index("Older day")
    assert "Future day" not in html


def test_event_list_filters_by_region_and_kind(client):
    EventFactory(title_en="Pacific day", region="pacific")
    EventFactory(title_en="Quebec day", region="quebec")
    EventFactory(title_en="Pacific webinar", region="pacific", kind=Event.Kind.WEBINAR)
    html = client.get("/en/events/?region=pacific&kind=learning_day").content.decode()
    assert "Pacific day" in html
    assert "Quebec day" not in html
    assert "Pacific webinar" not in html


def test_event_page_names_the_venue_time_zone(client, demo_data):
    response = client.get(DEMO)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Friday, January 15, 2027, 8:30 a.m. to 3:45 p.m., Pacific Time (PST)" in page_text(html)
    for partner in (
        "Pacific Federal Communications Council",
        "Governexx",
        "Pacific Federal Council",
        "National Managers&#x27; Community",
    ):
        assert partner in html
    assert "Vancouver, British Columbia" in html


def test_event_page_of_online_event_says_online_and_hides_the_link(client):
    event = EventFactory(venue_en="", venue_fr="", online_link="https://meet.example.gc.ca/secret")
    html = client.get(event.get_absolute_url()).content.decode()
    assert "<dd>Online" in html
    assert "meet.example.gc.ca" not in html


def test_draft_event_pages_are_404_for_visitors_and_members(client, member_client):
    event = EventFactory(status=Event.Status.DRAFT)
    session = SessionFactory(event=event)
    for url in (
        f"/en/events/{event.slug}/",
        f"/en/events/{event.slug}/agenda/",
        f"/en/events/{event.slug}/sessions/{session.pk}/",
        f"/en/events/{event.slug}/calendar.ics",
    ):
        assert client.get(url).status_code == 404
        assert member_client.get(url).status_code == 404


def test_draft_event_page_is_visible_to_its_organizer(client, member):
    event = EventFactory(status=Event.Status.DRAFT, organizers=[member])
    client.force_login(member)
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Draft: only the organizers can see this event." in html


def test_agenda_shows_parallel_sessions_side_by_side_with_kind_and_language(client, demo_data):
    html = client.get(DEMO + "agenda/").content.decode()
    assert html.count('class="agenda-sessions agenda-parallel"') == 2  # two workshop slots of three
    assert "Times are in Pacific Time, the venue's time zone." in html
    assert '<h2 id="day-1">Friday, January 15, 2027</h2>' in html
    assert "9:00 a.m. to 10:00 a.m. PST" in page_text(html)
    assert '<span class="session-kind">Workshop</span> · <span class="session-language">French</span>' in html
    assert html.index("Social media is a place, not a thing") < html.index("Building a Social Media Strategy")
    assert 'href="/static/events/print.css" media="print"' in html


def test_agenda_filters_by_kind_and_language(client, demo_data):
    html = client.get(DEMO + "agenda/?kind=workshop&language=fr").content.decode()
    assert "Social Media Basics" in html
    assert "All About the GoC&#x27;s Social Media Tools" in html  # bilingual counts as French
    assert "Who Are You Online?" not in html
    assert "Social media is a place" not in html


def test_agenda_in_french_is_in_french(client, demo_data):
    response = client.get("/fr/evenements/social-media-learning-day-2027/programme/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Journée d&#x27;apprentissage sur les médias sociaux" in html
    assert "Élaborer une stratégie de médias sociaux" in html
    assert "vendredi 15 janvier 2027" in html
    assert "Atelier" in html
    assert "heure du Pacifique" in html
    assert "de 9 h à 10 h HNP" in page_text(html)
    assert "de 13 h à 14 h 15 HNP" in page_text(html)


def test_session_page_lists_speakers_with_roles_and_affiliations(client, demo_data):
    panel = demo_data.sessions.get(kind="panel")
    html = client.get(f"{DEMO}sessions/{panel.pk}/").content.decode()
    assert "<strong>Patrick Tobin</strong>, Canadian Heritage – Host/moderator" in html
    assert "<strong>Roy Nader</strong>, Canada Revenue Agency – Panelist" in html
    assert "Friday, January 15, 2027, 11:00 a.m. to 12:00 p.m., Pacific Time (PST)" in page_text(html)


def test_session_page_of_another_event_is_404(client):
    session = SessionFactory()
    other = EventFactory()
    assert client.get(f"/en/events/{other.slug}/sessions/{session.pk}/").status_code == 404


def test_ics_has_every_session_in_the_venue_time_zone(client, demo_data):
    response = client.get(DEMO + "calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    timezones = [tz["TZID"] for tz in calendar.walk("VTIMEZONE")]
    assert timezones == ["America/Vancouver"]
    events = {e["SUMMARY"]: e for e in calendar.walk("VEVENT")}
    assert len(events) == 12
    keynote = events["Social media is a place, not a thing"]
    assert keynote["DTSTART"].params["TZID"] == "America/Vancouver"
    assert keynote["DTSTART"].dt.isoformat() == "2027-01-15T09:00:00-08:00"
    assert keynote["DTEND"].dt.astimezone(dt.UTC).isoformat() == "2027-01-15T18:00:00+00:00"
    assert keynote["LOCATION"] == "Main hall, Vancouver, British Columbia"
    assert len({e["UID"] for e in events.values()}) == 12


def test_ics_in_french_has_french_titles(client, demo_data):
    calendar = Calendar.from_ical(
        client.get("/fr/evenements/social-media-learning-day-2027/calendar.ics").content
    )
    assert "Qui êtes-vous en ligne\u202f?" in [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]


def test_ics_keeps_wall_clock_time_across_daylight_saving(client):
    event = EventFactory(start_date=dt.date(2030, 3, 9), end_date=dt.date(2030, 3, 11))
    SessionFactory(event=event, title_en="Saturday", starts_at=at(event, 9, day=0))
    SessionFactory(event=event, title_en="Monday", starts_at=at(event, 9, day=2))
    calendar = Calendar.from_ical(client.get(f"/en/events/{event.slug}/calendar.ics").content)
    starts = {str(e["SUMMARY"]): e["DTSTART"].dt for e in calendar.walk("VEVENT")}
    assert starts["Saturday"].isoformat() == "2030-03-09T09:00:00-08:00"
    assert starts["Monday"].isoformat() == "2030-03-11T09:00:00-07:00"


def test_session_speakers_show_on_agenda(client):
    session = SessionFactory(room=None)
    RoomFactory(event=session.event)
    SessionSpeakerFactory(session=session, speaker__name="Ada Byron", role="host")
    html = client.get(f"/en/events/{session.event.slug}/agenda/").content.decode()
    assert 'Ada Byron <span class="speaker-role">(host/moderator)</span>' in html
