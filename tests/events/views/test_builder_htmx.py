"""The agenda builder without JavaScript (POST, redirect) and with htmx (partials swapped in place)."""

from html import unescape

import pytest

from events.models import Event, Session
from tests.events.factories import EventFactory, RoomFactory, SessionFactory, at
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def builder(client):
    organizer = UserFactory()
    event = EventFactory(status=Event.Status.DRAFT, organizers=[organizer])
    room = RoomFactory(event=event, name_en="Room A")
    session = SessionFactory(
        event=event, title_en="Risk", room=room, starts_at=at(event, 13), ends_at=at(event, 14)
    )
    client.force_login(organizer)
    return event, room, session, f"/en/events/manage/{event.slug}/"


def session_post(room, **overrides):
    data = {
        "kind": "workshop",
        "title_en": "Strategy",
        "title_fr": "Stratégie",
        "day": "2030-01-15",
        "starts": "13:00",
        "ends": "14:00",
        "room": str(room.pk),
        "language": "en",
        "capacity": "20",
    }
    return {**data, **overrides}


def test_builder_page_has_the_live_region_and_htmx_links(client, builder):
    event, room, session, base = builder
    html = client.get(base).content.decode()
    assert '<div id="builder-status" class="builder-status" role="status" aria-live="polite"></div>' in html
    assert f'hx-get="{base}sessions/{session.pk}/move/" hx-target="#builder-editor"' in html
    assert html.count('name="htmx-config"') == 1  # base.html's only


def test_htmx_get_of_a_form_returns_the_form_alone_posting_in_place(client, builder):
    event, room, session, base = builder
    response = client.get(f"{base}sessions/{session.pk}/edit/", **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert not html.lstrip().startswith("<!DOCTYPE")
    assert '<h2 id="editor-heading" tabindex="-1" autofocus>Edit the session</h2>' in html
    assert f'hx-post="{base}sessions/{session.pk}/edit/" hx-target="#builder-workspace"' in html


def test_add_session_without_htmx_redirects_to_the_builder(client, builder):
    event, room, session, base = builder
    response = client.post(f"{base}sessions/new/", session_post(room))
    assert (response.status_code, response["Location"]) == (302, base)


def test_add_session_with_htmx_returns_the_grid_with_the_conflict_in_place(client, builder):
    event, room, session, base = builder
    response = client.post(f"{base}sessions/new/", session_post(room), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert not html.lstrip().startswith("<!DOCTYPE")
    assert '<div id="builder-status" hx-swap-oob="innerHTML"><p>Session added.' in html
    assert "Conflict: Room A is double-booked: “Risk” and “Strategy” overlap." in html
    assert "1 conflict in the agenda" in html
    assert html.count('class="builder-session has-conflict"') == 2
    assert '<div id="builder-editor" class="builder-editor"></div>' in html


def test_invalid_session_with_htmx_is_400_with_the_form_in_the_editor(client, builder):
    event, room, session, base = builder
    response = client.post(f"{base}sessions/new/", session_post(room, ends="12:00"), **HTMX)
    html = response.content.decode()
    assert response.status_code == 400
    assert "A session must end after it starts." in html
    assert 'value="Strategy"' in html
    assert 'hx-post="/en/events/manage/' in html
    assert not event.sessions.filter(title_en="Strategy").exists()


def test_move_with_htmx_updates_the_grid_and_clears_the_conflict(client, builder):
    event, room, session, base = builder
    other = RoomFactory(event=event, name_en="Room B")
    SessionFactory(
        event=event, title_en="Strategy", room=room, starts_at=at(event, 13), ends_at=at(event, 14)
    )
    response = client.post(
        f"{base}sessions/{session.pk}/move/",
        {"day": "2030-01-15", "starts": "13:00", "room": other.pk},
        **HTMX,
    )
    html = response.content.decode()
    assert "<p>Moved “Risk” to Room B: Tuesday, January 15, 2030, 1:00" in html
    assert "conflict in the agenda" not in html


def test_remove_with_htmx_and_without(client, builder):
    event, room, session, base = builder
    keep = SessionFactory(event=event, title_en="Keep")
    response = client.post(f"{base}sessions/{session.pk}/remove/", **HTMX)
    assert "Session removed." in response.content.decode()
    assert client.post(f"{base}sessions/{keep.pk}/remove/")["Location"] == base
    assert not event.sessions.exists()


# Drag and drop: the grid carries what the script needs; a drop posts the Move form's fields, is answered
# with a notice and an Undo button, or refused (published event) with the reason.


def test_grid_sessions_are_draggable_onto_cells_that_name_their_day_time_and_room(client, builder):
    event, room, session, base = builder
    html = client.get(base).content.decode()
    assert (
        f'class="builder-session" draggable="true" data-move-url="{base}sessions/{session.pk}/move/" '
        'data-grabbed="Moving “Risk”: drop it on another room or time, or press Escape."'
    ) in html
    assert f'<td data-drop-day="2030-01-15" data-drop-starts="13:00" data-drop-room="{room.pk}">' in html
    assert "Drag a session to another room or time" in html


def test_a_move_offers_undo_which_puts_the_session_back(client, builder):
    event, room, session, base = builder
    other = RoomFactory(event=event, name_en="Room B")
    move = {"day": "2030-01-15", "starts": "15:30", "room": other.pk}
    html = client.post(f"{base}sessions/{session.pk}/move/", move, **HTMX).content.decode()
    session.refresh_from_db()
    assert (session.room, session.starts_at, session.ends_at) == (other, at(event, 15, 30), at(event, 16, 30))
    assert f'<form class="builder-undo" method="post" action="{base}sessions/{session.pk}/move/"' in html
    undo = {"day": "2030-01-15", "starts": "13:00", "room": str(room.pk)}
    for name, value in undo.items():
        assert f'<input type="hidden" name="{name}" value="{value}">' in html
    assert ">Undo the move of “Risk”</button>" in html
    html = client.post(f"{base}sessions/{session.pk}/move/", undo, **HTMX).content.decode()
    session.refresh_from_db()
    assert (session.room, session.starts_at) == (room, at(event, 13))
    assert "Moved “Risk” to Room A: " in html


def test_a_move_out_of_any_room_says_so(client, builder):
    event, room, session, base = builder
    move = {"day": "2030-01-15", "starts": "13:00", "room": ""}
    html = client.post(f"{base}sessions/{session.pk}/move/", move, **HTMX).content.decode()
    assert "Moved “Risk” out of any room: " in html
    assert '<input type="hidden" name="room" value="' + str(room.pk) + '">' in html


def test_a_refused_drop_on_a_published_event_says_why_and_changes_nothing(client, builder):
    event, room, session, base = builder
    Event.objects.filter(pk=event.pk).update(status=Event.Status.PUBLISHED)
    other = RoomFactory(event=event, name_en="Room B")
    taken = SessionFactory(
        event=event, title_en="Strategy", room=other, starts_at=at(event, 13), ends_at=at(event, 14)
    )
    move = {"day": "2030-01-15", "starts": "13:00", "room": other.pk}
    response = client.post(f"{base}sessions/{session.pk}/move/", move, **HTMX)
    html = response.content.decode()
    reason = (
        "The event is published, so this change is refused: Room B already has “Strategy” at that time. "
        "Choose another room or time."
    )
    assert response.status_code == 400
    assert f'<div id="builder-status" hx-swap-oob="innerHTML"><p>{reason}</p></div>' in html
    assert html.count(reason) == 3  # the live region, the form's summary and next to the room
    assert "builder-undo" not in html
    session.refresh_from_db()
    assert session.room == room
    assert taken.room == other


def test_a_refused_move_without_javascript_is_400_with_the_reason(client, builder):
    event, room, session, base = builder
    Event.objects.filter(pk=event.pk).update(status=Event.Status.PUBLISHED)
    SessionFactory(
        event=event, title_en="Strategy", room=room, starts_at=at(event, 15), ends_at=at(event, 16)
    )
    response = client.post(
        f"{base}sessions/{session.pk}/move/", {"day": "2030-01-15", "starts": "15:00"} | {"room": room.pk}
    )
    assert response.status_code == 400
    assert "Room A already has “Strategy” at that time." in response.content.decode()
    session.refresh_from_db()
    assert session.starts_at == at(event, 13)


def test_a_move_on_a_french_page_is_announced_in_french(client, builder):
    event, room, session, base = builder
    Event.objects.filter(pk=event.pk).update(status=Event.Status.PUBLISHED)
    room.name_fr = "Salle A"
    room.save()
    session.title_fr = "Risques"
    session.save()
    SessionFactory(
        event=event,
        title_en="Strategy",
        title_fr="Stratégie",
        room=room,
        starts_at=at(event, 15),
        ends_at=at(event, 16),
    )
    url = f"/fr/evenements/gerer/{event.slug}/seances/{session.pk}/deplacer/"
    html = client.post(
        url, {"day": "2030-01-15", "starts": "11:00", "room": room.pk}, **HTMX
    ).content.decode()
    assert "Séance «\u00a0Risques\u00a0» déplacée dans Salle A\u00a0: mardi 15 janvier 2030, " in html
    assert ">Annuler le déplacement de «\u00a0Risques\u00a0»</button>" in html
    refused = client.post(url, {"day": "2030-01-15", "starts": "15:00", "room": room.pk}, **HTMX)
    assert (
        "L'événement est publié, ce changement est donc refusé\u00a0: "
        "Salle A accueille déjà «\u00a0Stratégie\u00a0» à ce moment-là. "
        "Choisissez une autre salle ou une autre heure."
    ) in unescape(refused.content.decode())


# On a published event, every form of the builder refuses a clash with a 400 and the reason next to the
# field, never a 500; nothing is saved.


@pytest.fixture
def published(builder):
    event, room, session, base = builder
    Event.objects.filter(pk=event.pk).update(status=Event.Status.PUBLISHED)
    room.capacity = 30
    room.save()
    other = RoomFactory(event=event, name_en="Room B", capacity=100)
    taken = SessionFactory(
        event=event, title_en="Strategy", room=other, starts_at=at(event, 15), ends_at=at(event, 16)
    )
    return event, room, other, session, taken, base


def field_error(html, message):
    return message in html.split('class="error-summary"')[1]


def test_published_edit_into_a_taken_room_is_400_next_to_the_room(client, published):
    event, room, other, session, taken, base = published
    data = session_post(other, title_en="Risk", kind="plenary", starts="15:30", ends="16:30")
    for headers in ({}, HTMX):
        response = client.post(f"{base}sessions/{session.pk}/edit/", data, **headers)
        html = response.content.decode()
        assert response.status_code == 400
        assert field_error(html, "Room B already has “Strategy” at that time.")
    session.refresh_from_db()
    assert (session.room, session.starts_at) == (room, at(event, 13))


def test_published_new_session_in_a_taken_room_is_400_and_not_added(client, published):
    event, room, other, session, taken, base = published
    data = session_post(other, title_en="Basics", starts="15:00", ends="16:00", capacity="")
    response = client.post(f"{base}sessions/new/", data, **HTMX)
    assert response.status_code == 400
    assert "Room B already has “Strategy” at that time." in response.content.decode()
    assert not event.sessions.filter(title_en="Basics").exists()


def test_published_workshop_above_its_rooms_capacity_is_400(client, published):
    event, room, other, session, taken, base = published
    before = session.capacity
    data = session_post(room, title_en="Risk", capacity="45")
    response = client.post(f"{base}sessions/{session.pk}/edit/", data)
    assert response.status_code == 400
    assert "“Risk” takes 45 participants but Room A holds 30." in response.content.decode()
    session.refresh_from_db()
    assert session.capacity == before != 45


def test_published_busy_speaker_and_smaller_room_are_400(client, published):
    event, room, other, session, taken, base = published
    Session.objects.filter(pk=taken.pk).update(starts_at=at(event, 13), ends_at=at(event, 14))
    speaker = {"name": "Steve Dotto", "role": "speaker"}
    assert client.post(f"{base}sessions/{taken.pk}/speakers/", speaker).status_code == 302
    response = client.post(f"{base}sessions/{session.pk}/speakers/", speaker)
    assert response.status_code == 400
    assert "Steve Dotto already speaks in “Strategy” at that time." in response.content.decode()
    assert not session.session_speakers.exists()
    Session.objects.filter(pk=taken.pk).update(kind="workshop", capacity=80)
    response = client.post(f"{base}rooms/{other.pk}/edit/", {"name_en": "Room B", "capacity": "50"})
    assert response.status_code == 400
    assert "“Strategy” takes 80 participants but Room B holds 50." in response.content.decode()
    other.refresh_from_db()
    assert other.capacity == 100
