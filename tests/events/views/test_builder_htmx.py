"""The agenda builder without JavaScript (POST, redirect) and with htmx (partials swapped in place)."""

import pytest

from events.models import Event
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
    assert "Session moved." in html
    assert "conflict in the agenda" not in html


def test_remove_with_htmx_and_without(client, builder):
    event, room, session, base = builder
    keep = SessionFactory(event=event, title_en="Keep")
    response = client.post(f"{base}sessions/{session.pk}/remove/", **HTMX)
    assert "Session removed." in response.content.decode()
    assert client.post(f"{base}sessions/{keep.pk}/remove/")["Location"] == base
    assert not event.sessions.exists()
