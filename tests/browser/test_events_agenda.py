"""An organizer builds an agenda, fixes a room conflict and publishes; the builder's forms name the rooms in
the page's language; visitors read it in both languages."""

import pytest
from playwright.sync_api import expect

from events.models import Event
from tests.events.factories import EventFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def add_room(v, name, name_fr, capacity):
    v.page.get_by_label("Name (English)").fill(name)
    v.page.get_by_label("Name (French)").fill(name_fr)
    v.page.get_by_label("Capacity").fill(str(capacity))
    v.page.get_by_role("button", name="Add the room").click()
    v.check(f"room {name}")


def add_session(v, kind, title, title_fr, starts, ends, room, capacity=""):
    v.page.get_by_role("link", name="Add a session", exact=True).first.click()
    v.check(f"add session form {title}")
    page = v.page
    page.get_by_label("Kind of session").select_option(label=kind)
    page.get_by_label("Title (English)").fill(title)
    page.get_by_label("Title (French)").fill(title_fr)
    page.get_by_label("Starts").fill(starts)
    page.get_by_label("Ends").fill(ends)
    page.get_by_label("Room", exact=True).select_option(label=room)
    if capacity:
        page.get_by_label("Capacity").fill(str(capacity))
    page.get_by_role("button", name="Add the session").click()
    v.check(f"added {title}")
    expect(page.get_by_text("Session added.")).to_be_visible()


def test_organizer_builds_fixes_a_conflict_and_publishes_then_visitors_read_it(visitor_factory):
    organizer = UserFactory(full_name="Olivia Singh")
    event = EventFactory(
        slug="pacific-learning-day",
        title_en="Pacific Learning Day",
        title_fr="Journée d'apprentissage du Pacifique",
        status=Event.Status.DRAFT,
        organizers=[organizer],
    )
    v = visitor_factory("organizer")
    v.sign_in(organizer)
    v.goto(f"/en/events/manage/{event.slug}/")
    expect(v.page.get_by_role("heading", level=1)).to_have_text("Pacific Learning Day")

    add_room(v, "Main hall", "Grande salle", 150)
    add_room(v, "Room A", "Salle A", 40)
    add_room(v, "Room B", "Salle B", 40)
    add_room(v, "Annex", "", 20)  # no French name: French pages show the English one, marked

    add_session(v, "Keynote", "Opening keynote", "Conférence d'ouverture", "09:00", "10:00", "Main hall")
    add_session(v, "Plenary talk", "Policy instruments", "Instruments", "10:00", "11:00", "Main hall")
    add_session(v, "Workshop", "Strategy", "Stratégie", "13:00", "14:00", "Room A", 30)
    add_session(v, "Workshop", "Risk", "Risques", "13:00", "14:00", "Room A", 30)
    add_session(v, "Workshop", "Basics", "Notions de base", "14:15", "15:15", "Room B", 30)

    page = v.page
    conflict = "Room A is double-booked: “Strategy” and “Risk” overlap."
    expect(page.get_by_role("region", name="1 conflict in the agenda")).to_contain_text(conflict)

    # Publishing with a conflict is refused.
    page.get_by_role("button", name="Publish").click()
    v.check("publish refused")
    expect(page.get_by_text("Resolve the conflicts in the agenda before publishing: 1 left.")).to_be_visible()

    page.get_by_role("link", name="Move Risk", exact=True).click()
    v.check("move form")
    # With JavaScript the form opens in place, in the builder, and the grid is swapped without a reload.
    expect(page.get_by_role("heading", name="Move the session")).to_be_focused()
    assert page.url == v.base_url + f"/en/events/manage/{event.slug}/"
    page.get_by_label("Room", exact=True).select_option(label="Room B")
    page.get_by_role("button", name="Move the session").click()
    v.check("moved")
    expect(page.get_by_role("status").filter(has_text="Moved “Risk” to Room B: ")).to_be_visible()
    assert page.url == v.base_url + f"/en/events/manage/{event.slug}/"
    expect(page.get_by_role("region", name="1 conflict in the agenda")).to_have_count(0)

    # On the French builder, the session form names the rooms in French; the one without a French name
    # shows in English, marked as English for screen readers.
    v.goto(f"/fr/evenements/gerer/{event.slug}/")
    v.page.get_by_role("link", name="Ajouter une séance", exact=True).first.click()
    v.check("formulaire de séance en français")
    salle = v.page.get_by_label("Salle", exact=True)
    expect(salle.locator("option", has_text="Grande salle")).to_have_count(1)
    expect(salle.locator("option", has_text="Salle A")).to_have_count(1)
    expect(salle.locator("option", has_text="Main hall")).to_have_count(0)
    expect(salle.locator('option[lang="en"]')).to_have_text(["Annex"])
    # …and the in-place move form too.
    v.goto(f"/fr/evenements/gerer/{event.slug}/")
    v.page.get_by_role("link", name="Déplacer Stratégie", exact=True).click()
    v.check("déplacer en français")
    salle = v.page.get_by_label("Salle", exact=True)
    salle.select_option(label="Grande salle")
    expect(salle.locator("option:checked")).to_have_text("Grande salle")

    v.goto(f"/en/events/manage/{event.slug}/")
    # A room named in one language only keeps the event from being published, and says which.
    page.get_by_role("button", name="Publish").click()
    v.check("publish refused: a translation is missing")
    expect(page.get_by_role("alert")).to_have_text(
        "Both official languages are needed before publishing. Missing: room “Annex” (French)."
    )
    page.get_by_role("link", name="Edit Annex", exact=True).click()
    page.get_by_label("Name (French)").fill("Annexe")
    page.get_by_role("button", name="Save the room").click()
    v.check("room translated")

    page.get_by_role("button", name="Publish").click()
    v.check("published")
    expect(page.get_by_text("The event is published: everyone can see it.")).to_be_visible()
    event.refresh_from_db()
    assert event.status == "published"

    reader = visitor_factory("visitor-en")
    reader.goto("/en/events/")
    reader.page.get_by_role("link", name="Pacific Learning Day").click()
    reader.check("event page")
    reader.page.get_by_role("link", name="See the agenda").click()
    reader.check("agenda")
    agenda = reader.page
    for title in ("Opening keynote", "Policy instruments", "Strategy", "Risk", "Basics"):
        expect(agenda.get_by_role("link", name=title, exact=True)).to_be_visible()
    expect(agenda.get_by_text("Times are in Pacific Time, the venue's time zone.")).to_be_visible()
    # Strategy and Risk run in parallel, side by side.
    strategy = agenda.get_by_role("link", name="Strategy", exact=True).bounding_box()
    risk = agenda.get_by_role("link", name="Risk", exact=True).bounding_box()
    assert strategy["y"] == risk["y"] and strategy["x"] < risk["x"]
    agenda.get_by_role("link", name="Strategy", exact=True).click()
    reader.check("session page")
    expect(agenda.get_by_role("heading", level=1)).to_have_text("Strategy")

    lecteur = visitor_factory("visitor-fr", locale="fr-CA")
    lecteur.goto(f"/fr/evenements/{event.slug}/programme/")
    programme = lecteur.page
    expect(programme.get_by_role("heading", level=1)).to_have_text(
        "Programme\u00a0: Journée d'apprentissage du Pacifique"
    )
    for titre in ("Conférence d'ouverture", "Instruments", "Stratégie", "Risques", "Notions de base"):
        expect(programme.get_by_role("link", name=titre, exact=True)).to_be_visible()
    expect(programme.get_by_text("Grande salle").first).to_be_visible()
    expect(programme.get_by_text("Main hall")).to_have_count(0)
    expect(programme.locator(".session-kind", has_text="Atelier")).to_have_count(3)

    # On a phone, parallel sessions stack.
    programme.set_viewport_size({"width": 375, "height": 800})
    lecteur.check("programme mobile")
    strategie = programme.get_by_role("link", name="Stratégie", exact=True).bounding_box()
    risques = programme.get_by_role("link", name="Risques", exact=True).bounding_box()
    assert risques["y"] > strategie["y"]
