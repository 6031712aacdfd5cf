"""An organizer drags sessions on the builder's grid of a published event, in English and in French: a drop
is checked on the server and announced, undone with one button; a drop that would double-book a room is
refused with the reason, naming the other session. axe runs on each state, mid-drag included."""

import re

import pytest
from playwright.sync_api import expect

from events.models import Event, Session
from tests.events.factories import EventFactory, RoomFactory, SessionFactory, at
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def live_day():
    organizer = UserFactory(full_name="Olivia Singh")
    event = EventFactory(
        slug="pacific-learning-day",
        title_en="Pacific Learning Day",
        title_fr="Journée d'apprentissage du Pacifique",
        status=Event.Status.PUBLISHED,
        organizers=[organizer],
    )
    room_a = RoomFactory(event=event, name_en="Room A", name_fr="Salle A", position=0)
    room_b = RoomFactory(event=event, name_en="Room B", name_fr="Salle B", position=1)

    def session(title_en, title_fr, hour, minute, room):
        return SessionFactory(
            event=event,
            title_en=title_en,
            title_fr=title_fr,
            room=room,
            starts_at=at(event, hour, minute),
            ends_at=at(event, hour + 1, minute),
        )

    sessions = {
        "strategy": session("Strategy", "Stratégie", 13, 0, room_a),
        "risk": session("Risk", "Risques", 13, 0, room_b),
        "basics": session("Basics", "Notions de base", 14, 30, room_a),
    }
    return organizer, event, room_a, room_b, sessions


def card(page, title):
    return page.locator(".builder-session", has=page.locator(".builder-session-title", has_text=title))


def cell(page, starts, room):
    return page.locator(f'td[data-drop-starts="{starts}"][data-drop-room="{room.pk}"]')


def place(session):
    session = Session.objects.get(pk=session.pk)
    return session.room.name_en, session.event.local(session.starts_at).strftime("%H:%M")


def drag_by_hand(v, source, target, label, moving):
    """Mouse down on the session and over the target cell: the page is checked mid-drag (axe, then a
    screenshot). Chromium ends a drag when the page is captured, so this is also a drag let go of
    outside the grid: nothing moves and no mark stays. Then the session is dragged and dropped."""
    page = v.page
    source.hover()
    page.mouse.down()
    box = target.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=8)
    expect(source).to_have_class(re.compile(r"\bis-dragging\b"))
    expect(target).to_have_class(re.compile(r"\bdrop-target\b"))
    expect(page.get_by_role("status")).to_contain_text(moving)
    v.check(label)
    page.mouse.up()
    expect(page.locator(".is-dragging, .drop-target")).to_have_count(0)
    expect(page.get_by_role("status")).to_have_text("")
    source.drag_to(target)


def test_organizer_drags_sessions_in_english_undoes_and_is_refused_a_double_booking(
    visitor_factory, live_day
):
    organizer, event, room_a, room_b, sessions = live_day
    v = visitor_factory("drag-en")
    v.sign_in(organizer)
    v.goto(f"/en/events/manage/{event.slug}/")
    page = v.page
    status = page.get_by_role("status")
    expect(page.get_by_text("Drag a session to another room or time")).to_be_visible()

    # Mid-drag: the session is marked, the cell under it too, and the live region says what is moving.
    drag_by_hand(v, card(page, "Basics"), cell(page, "14:30", room_b), "mid-drag", "Moving “Basics”: drop it")
    expect(status).to_contain_text("Moved “Basics” to Room B: Tuesday, January 15, 2030, 2:30")
    v.check("dropped")
    assert place(sessions["basics"]) == ("Room B", "14:30")
    expect(cell(page, "14:30", room_b)).to_contain_text("Basics")

    # One action undoes it.
    page.get_by_role("button", name="Undo the move of “Basics”").click()
    expect(status).to_contain_text("Moved “Basics” to Room A")
    v.check("undone")
    assert place(sessions["basics"]) == ("Room A", "14:30")

    # A time as well as a room: Basics to 1:00 p.m. in Room B would double-book Room B with Risk.
    card(page, "Basics").drag_to(cell(page, "13:00", room_b))
    refusal = (
        "The event is published, so this change is refused: Room B already has “Risk” at that time. "
        "Choose another room or time."
    )
    expect(status).to_have_text(refusal)
    v.check("refused drop")
    expect(page.locator("#id_room_error, .error-summary").first).to_contain_text("Room B already has “Risk”")
    assert place(sessions["basics"]) == ("Room A", "14:30")
    expect(page.get_by_role("region", name=re.compile("conflict"))).to_have_count(0)

    # The keyboard's way stays: the Move form, in place.
    page.get_by_role("link", name="Move Risk", exact=True).click()
    expect(page.get_by_role("heading", name="Move the session")).to_be_focused()
    page.get_by_label("Starts").fill("16:00")
    page.get_by_role("button", name="Move the session").click()
    expect(status).to_contain_text("Moved “Risk” to Room B: Tuesday, January 15, 2030, 4:00")
    v.check("moved with the form")
    assert place(sessions["risk"]) == ("Room B", "16:00")


def test_organizer_drags_sessions_in_french(visitor_factory, live_day):
    organizer, event, room_a, room_b, sessions = live_day
    v = visitor_factory("drag-fr", locale="fr-CA")
    v.sign_in(organizer)
    v.goto(f"/fr/evenements/gerer/{event.slug}/")
    page = v.page
    status = page.get_by_role("status")
    expect(page.get_by_text("Glissez une séance vers une autre salle ou une autre heure")).to_be_visible()

    drag_by_hand(
        v,
        card(page, "Notions de base"),
        cell(page, "14:30", room_b),
        "en cours de glissement",
        "déposez la séance",
    )
    expect(status).to_contain_text(
        "Séance «\u00a0Notions de base\u00a0» déplacée dans Salle B\u00a0: mardi 15 janvier"
    )
    v.check("déposée")
    assert place(sessions["basics"]) == ("Room B", "14:30")

    page.get_by_role("button", name="Annuler le déplacement de «\u00a0Notions de base\u00a0»").click()
    expect(status).to_contain_text("Séance «\u00a0Notions de base\u00a0» déplacée dans Salle A")
    v.check("annulée")
    assert place(sessions["basics"]) == ("Room A", "14:30")

    card(page, "Risques").drag_to(cell(page, "13:00", room_a))
    expect(status).to_have_text(
        "L'événement est publié, ce changement est donc refusé\u00a0: Salle A accueille déjà "
        "«\u00a0Stratégie\u00a0» à ce moment-là. Choisissez une autre salle ou une autre heure."
    )
    v.check("dépôt refusé")
    assert place(sessions["risk"]) == ("Room B", "13:00")
