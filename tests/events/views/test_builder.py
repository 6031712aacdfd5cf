import datetime as dt

import pytest

from events.models import Event, Room, Session
from tests.events.factories import EventFactory, RoomFactory, SessionFactory, SessionSpeakerFactory, at
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["visitor", "member", "other_organizer", "organizer", "admin"]
# name, method, path under /en/events/manage/<slug>/ ("" = the builder), status for those who may manage
EVENT_URLS = [
    ("builder", "get", "", 200),
    ("edit", "get", "edit/", 200),
    ("room_add", "get", "rooms/new/", 200),
    ("session_add", "get", "sessions/new/", 200),
    ("session_edit", "get", "sessions/{session}/edit/", 200),
    ("session_move", "get", "sessions/{session}/move/", 200),
    ("session_remove", "get", "sessions/{session}/remove/", 200),
    ("speaker_add", "post", "sessions/{session}/speakers/", 400),  # empty form
    ("speaker_remove", "post", "speakers/{session_speaker}/remove/", 302),
    ("copy", "get", "copy/", 200),
    ("publish", "post", "publish/", 302),
    ("unpublish", "post", "unpublish/", 302),
]


@pytest.fixture
def world(db):
    organizer, other_organizer = UserFactory(), UserFactory()
    event = EventFactory(status=Event.Status.DRAFT, organizers=[organizer])
    EventFactory(organizers=[other_organizer])
    session = SessionFactory(event=event)
    session_speaker = SessionSpeakerFactory(session=session)
    return {
        "event": event,
        "session": session,
        "session_speaker": session_speaker,
        "users": {
            "visitor": None,
            "member": UserFactory(),
            "other_organizer": other_organizer,
            "organizer": organizer,
            "admin": UserFactory(is_staff=True, is_superuser=True),
        },
    }


def sign_in(client, world, role):
    if world["users"][role]:
        client.force_login(world["users"][role])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method", "path", "allowed"), EVENT_URLS, ids=[u[0] for u in EVENT_URLS])
def test_organizer_url_permission_matrix(client, world, role, name, method, path, allowed):
    sign_in(client, world, role)
    url = f"/en/events/manage/{world['event'].slug}/" + path.format(
        session=world["session"].pk, session_speaker=world["session_speaker"].pk
    )
    response = getattr(client, method)(url)
    expected = {"visitor": 302, "member": 404, "other_organizer": 404}.get(role, allowed)
    assert response.status_code == expected
    if role == "visitor":
        assert response["Location"] == f"/en/accounts/login/?next={url}"


@pytest.mark.parametrize(
    ("role", "my_events", "create"),
    [
        ("visitor", 302, 302),
        ("member", 200, 403),
        ("other_organizer", 200, 200),
        ("organizer", 200, 200),
        ("admin", 200, 200),
    ],
)
def test_my_events_and_create_permission_matrix(client, world, role, my_events, create):
    sign_in(client, world, role)
    assert client.get("/en/events/manage/").status_code == my_events
    assert client.get("/en/events/manage/new/").status_code == create


def test_my_events_lists_only_the_team_events(client, world):
    client.force_login(world["users"]["other_organizer"])
    html = client.get("/en/events/manage/").content.decode()
    assert world["event"].title_en not in html
    client.force_login(world["users"]["admin"])
    assert world["event"].title_en in client.get("/en/events/manage/").content.decode()


def test_session_of_another_event_is_404_to_an_organizer(client, world):
    client.force_login(world["users"]["organizer"])
    stranger = SessionFactory()
    assert (
        client.get(f"/en/events/manage/{world['event'].slug}/sessions/{stranger.pk}/edit/").status_code == 404
    )
    assert (
        client.post(f"/en/events/manage/{world['event'].slug}/sessions/{stranger.pk}/remove/").status_code
        == 404
    )
    assert Session.objects.filter(pk=stranger.pk).exists()


def event_post(**overrides):
    data = {
        "title_en": "Prairies learning day",
        "title_fr": "Journée des Prairies",
        "kind": "learning_day",
        "region": "prairies",
        "timezone": "America/Winnipeg",
        "start_date": "2030-06-03",
        "end_date": "2030-06-03",
        "venue_en": "Winnipeg",
        "venue_fr": "Winnipeg",
        "capacity": "80",
        "registration_opens_at": "2030-05-01T09:00",
        "registration_closes_at": "2030-05-30T17:00",
        "max_workshops_per_person": "1",
    }
    return {**data, **overrides}


def test_create_event_makes_a_draft_with_the_window_in_venue_time(client, world):
    client.force_login(world["users"]["organizer"])
    response = client.post("/en/events/manage/new/", event_post())
    event = Event.objects.get(title_en="Prairies learning day")
    assert response.status_code == 302
    assert response["Location"] == f"/en/events/manage/{event.slug}/"
    assert event.status == "draft"
    assert list(event.organizers.all()) == [world["users"]["organizer"]]
    assert event.local(event.registration_opens_at).isoformat() == "2030-05-01T09:00:00-05:00"


def test_create_event_with_last_day_before_first_day_shows_the_error_at_the_field(client, world):
    client.force_login(world["users"]["organizer"])
    response = client.post("/en/events/manage/new/", event_post(end_date="2030-06-01"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "The last day cannot be before the first day." in html
    assert 'value="Prairies learning day"' in html  # nothing typed is lost
    assert not Event.objects.filter(title_en="Prairies learning day").exists()


def test_create_event_refuses_an_unknown_time_zone(client, world):
    client.force_login(world["users"]["organizer"])
    response = client.post("/en/events/manage/new/", event_post(timezone="Mars/Olympus"))
    assert response.status_code == 400
    assert (
        "Select a valid choice. Mars/Olympus is not one of the available choices."
        in response.content.decode()
    )


def test_edit_event_keeps_window_in_venue_time(client, world):
    client.force_login(world["users"]["organizer"])
    event = world["event"]
    response = client.post(
        f"/en/events/manage/{event.slug}/edit/", event_post(start_date="2030-01-15", end_date="2030-01-15")
    )
    assert response.status_code == 302
    page = client.get(f"/en/events/manage/{event.slug}/edit/").content.decode()
    assert 'value="2030-05-01T09:00"' in page


def session_post(**overrides):
    data = {
        "kind": "workshop",
        "title_en": "Strategy",
        "title_fr": "Stratégie",
        "day": "2030-01-15",
        "starts": "13:00",
        "ends": "14:00",
        "room": "",
        "language": "en",
        "capacity": "20",
    }
    return {**data, **overrides}


def test_add_session_saves_it_in_venue_time(client, world):
    client.force_login(world["users"]["organizer"])
    event = world["event"]
    response = client.post(f"/en/events/manage/{event.slug}/sessions/new/", session_post())
    assert response.status_code == 302
    session = event.sessions.get(title_en="Strategy")
    assert event.local(session.starts_at).isoformat() == "2030-01-15T13:00:00-08:00"


@pytest.mark.parametrize("capacity", ["100000000000000000000000000", "100001", "-5", "0"])
def test_add_session_with_an_impossible_capacity_says_so_next_to_the_field(client, world, capacity):
    client.force_login(world["users"]["organizer"])
    event = world["event"]
    response = client.post(f"/en/events/manage/{event.slug}/sessions/new/", session_post(capacity=capacity))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["capacity"]
    assert not event.sessions.filter(title_en="Strategy").exists()


def test_add_session_ending_before_it_starts_shows_the_error_at_the_field(client, world):
    client.force_login(world["users"]["organizer"])
    event = world["event"]
    response = client.post(f"/en/events/manage/{event.slug}/sessions/new/", session_post(ends="12:00"))
    html = response.content.decode()
    assert response.status_code == 400
    assert 'aria-describedby="id_ends_error"' in html or 'id="id_ends_error"' in html
    assert "A session must end after it starts." in html
    assert 'value="Strategy"' in html
    assert not event.sessions.filter(title_en="Strategy").exists()


def test_add_session_on_a_day_outside_the_event_is_refused(client, world):
    client.force_login(world["users"]["organizer"])
    event = world["event"]
    response = client.post(f"/en/events/manage/{event.slug}/sessions/new/", session_post(day="2030-01-16"))
    assert response.status_code == 400
    assert "Choose one of the event&#x27;s days: January 15, 2030." in response.content.decode()


def test_room_conflict_is_shown_on_the_builder_naming_both_sessions(client, world):
    client.force_login(world["users"]["organizer"])
    event = world["event"]
    room = RoomFactory(event=event, name_en="Room A")
    SessionFactory(event=event, room=room, title_en="Risk", starts_at=at(event, 13), ends_at=at(event, 14))
    response = client.post(
        f"/en/events/manage/{event.slug}/sessions/new/", session_post(room=str(room.pk)), follow=True
    )
    html = response.content.decode()
    assert "Conflict: Room A is double-booked: “Risk” and “Strategy” overlap." in html
    assert "1 conflict in the agenda" in html
    assert html.count('class="builder-session has-conflict"') == 2


def test_move_session_to_another_room(client, world):
    client.force_login(world["users"]["organizer"])
    event, session = world["event"], world["session"]
    room = RoomFactory(event=event, name_en="Room B")
    response = client.post(
        f"/en/events/manage/{event.slug}/sessions/{session.pk}/move/",
        {"day": "2030-01-15", "starts": "15:00", "room": str(room.pk)},
    )
    session.refresh_from_db()
    assert response.status_code == 302
    assert (event.local(session.starts_at).strftime("%H:%M"), session.room) == ("15:00", room)
    assert session.ends_at - session.starts_at == dt.timedelta(hours=1)


def test_remove_session_asks_then_removes(client, world):
    client.force_login(world["users"]["organizer"])
    event, session = world["event"], world["session"]
    url = f"/en/events/manage/{event.slug}/sessions/{session.pk}/remove/"
    assert f"Remove “{session.title_en}”?" in client.get(url).content.decode()
    assert Session.objects.filter(pk=session.pk).exists()
    assert client.post(url).status_code == 302
    assert not Session.objects.filter(pk=session.pk).exists()


def test_add_room_and_refuse_the_same_name(client, world):
    client.force_login(world["users"]["organizer"])
    event = world["event"]
    url = f"/en/events/manage/{event.slug}/rooms/new/"
    assert client.post(url, {"name_en": "Hall", "capacity": "40"}).status_code == 302
    response = client.post(url, {"name_en": "hall", "capacity": "40"})
    assert response.status_code == 400
    assert "This event already has a room with that name." in response.content.decode()
    assert list(Room.objects.filter(event=event).values_list("name_en", flat=True)) == ["Hall"]


def test_add_speaker_to_a_session(client, world):
    client.force_login(world["users"]["organizer"])
    event, session = world["event"], world["session"]
    response = client.post(
        f"/en/events/manage/{event.slug}/sessions/{session.pk}/speakers/",
        {"name": "Paola Rossell", "role": "speaker", "affiliation_en": "TBS", "affiliation_fr": "SCT"},
        follow=True,
    )
    assert "Paola Rossell – Speaker, TBS" in response.content.decode()


def test_publish_from_builder_makes_the_event_public(client, world):
    client.force_login(world["users"]["organizer"])
    event = world["event"]
    response = client.post(f"/en/events/manage/{event.slug}/publish/", follow=True)
    assert "The event is published: everyone can see it." in response.content.decode()
    client.logout()
    assert client.get(event.get_absolute_url()).status_code == 200


def test_copy_event_from_the_form(client, world):
    client.force_login(world["users"]["organizer"])
    event = world["event"]
    response = client.post(f"/en/events/manage/{event.slug}/copy/", {"new_start": "2031-01-14"})
    copy = Event.objects.get(copied_from=event)
    assert response["Location"] == f"/en/events/manage/{copy.slug}/"
    assert copy.start_date == dt.date(2031, 1, 14)
    assert copy.sessions.count() == 1


def test_copy_event_without_a_date_is_400(client, world):
    client.force_login(world["users"]["organizer"])
    response = client.post(f"/en/events/manage/{world['event'].slug}/copy/", {"new_start": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert Event.objects.filter(copied_from=world["event"]).count() == 0


def test_cancel_event_from_the_ui(client, signups_world):
    client.force_login(signups_world["users"]["organizer"])
    url = f"/en/events/manage/{signups_world['event'].slug}/cancel/"
    assert "Cancel “" in client.get(url).content.decode()
    client.post(url)
    signups_world["event"].refresh_from_db()
    assert signups_world["event"].status == "cancelled"


def test_edit_and_remove_a_room(client, signups_world):
    client.force_login(signups_world["users"]["organizer"])
    room = signups_world["room"]
    base = f"/en/events/manage/{signups_world['event'].slug}/rooms/{room.pk}/"
    assert client.post(base + "edit/", {"name_en": "Salon A", "capacity": "20"}).status_code == 302
    room.refresh_from_db()
    assert (room.name_en, room.capacity) == ("Salon A", 20)
    assert client.post(base + "remove/").status_code == 302
    assert not type(room).objects.filter(pk=room.pk).exists()
