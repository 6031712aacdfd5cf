"""An organizer turns a need of the consultation into a session from the builder's Needs panel, in
English and in French; the public agenda then says "You asked for" / « Vous avez demandé ». axe runs on
every page."""

import pytest
from playwright.sync_api import expect

from events.models import Event
from surveys import services
from tests.events.factories import EventFactory, SessionFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def consulted_day():
    organizer = UserFactory(full_name="Olivia Singh")
    event = EventFactory(
        slug="pacific-learning-day",
        title_en="Pacific Learning Day",
        title_fr="Journée d'apprentissage du Pacifique",
        status=Event.Status.PUBLISHED,
        organizers=[organizer],
    )
    SessionFactory(event=event, title_en="Opening keynote", title_fr="Conférence d'ouverture")
    services.create_consultation(
        event=event,
        topics=[
            {
                "en": "The rules for using social media at work",
                "fr": "Les règles des médias sociaux au travail",
            },
            {"en": "How the tools work", "fr": "Le fonctionnement des outils"},
        ],
    )
    return organizer, event


def turn_into_session(v, event, builder, need, add, starts, ends, done):
    page = v.page
    v.goto(builder)
    expect(page.get_by_role("heading", name=need)).to_be_visible()
    page.get_by_role("link", name=need).filter(has_text=add.split(":")[0]).first.click()
    v.check("prefilled form")
    expect(page.locator("#id_title_en")).not_to_have_value("")
    page.locator("#id_starts").fill(starts)
    page.locator("#id_ends").fill(ends)
    page.locator("form button[type=submit]").last.click()
    expect(page.get_by_text(done)).to_be_visible()
    v.check("need answered")


def test_organizer_turns_a_need_into_a_session_and_the_agenda_says_so_in_english(
    visitor_factory, consulted_day
):
    organizer, event = consulted_day
    v = visitor_factory("needs-en")
    v.sign_in(organizer)
    turn_into_session(
        v, event, f"/en/events/manage/{event.slug}/", "The rules for using social media at work",
        "Turn into a session", "15:00", "16:00", "Session added: it answers",
    )  # fmt: skip
    expect(v.page.get_by_text("Answered by:")).to_be_visible()
    reader = visitor_factory("needs-en-public")
    reader.goto(f"/en/events/{event.slug}/agenda/")
    expect(reader.page.get_by_text("You asked for: The rules for using social media at work")).to_be_visible()


def test_organizer_turns_a_need_into_a_session_and_the_agenda_says_so_in_french(
    visitor_factory, consulted_day
):
    organizer, event = consulted_day
    v = visitor_factory("needs-fr", locale="fr-CA")
    v.sign_in(organizer)
    turn_into_session(
        v, event, f"/fr/evenements/gerer/{event.slug}/", "Les règles des médias sociaux au travail",
        "En faire une séance", "15:00", "16:00", "Séance ajoutée",
    )  # fmt: skip
    reader = visitor_factory("needs-fr-public", locale="fr-CA")
    reader.goto(f"/fr/evenements/{event.slug}/programme/")
    expect(
        reader.page.get_by_text("Vous avez demandé\u00a0: Les règles des médias sociaux au travail")
    ).to_be_visible()
