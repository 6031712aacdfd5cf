"""From needs to agenda to results, in a real browser, in English and in French, axe on every page: an
organizer turns a need into a session and publishes the agenda; the member who answered the
consultation gets the notice (recorded once, in their language) and follows its link to the agenda;
after last year's day the organizer reads the results per need."""

import re

import pytest
from playwright.sync_api import expect

from events.models import Event
from nmc_portal.models import OutboundEmail
from surveys import services
from tests.browser.test_needs_agenda import turn_into_session
from tests.events.factories import EventFactory, SessionFactory
from tests.factories import UserFactory
from tests.surveys.needs_helpers import consult, make_past_event

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = {
    "en": {
        "builder": "/en/events/manage/{slug}/",
        "need": "The rules for using social media at work",
        "add": "Turn into a session",
        "done": "Session added: it answers",
        "publish": "Publish",
        "subject": "You asked, the agenda answers: Pacific Learning Day",
        "asked": "You asked for: The rules for using social media at work",
        "surveys": "/en/events/manage/{slug}/surveys/",
        "results": "Were the needs met?",
        "tools": "How the tools actually work",
        "under": "Under-served",
        "uncovered": "Asked for and not covered",
    },
    "fr": {
        "builder": "/fr/evenements/gerer/{slug}/",
        "need": "Les règles des médias sociaux au travail",
        "add": "En faire une séance",
        "done": "Séance ajoutée",
        "publish": "Publier",
        "subject": "Vous l'avez demandé, le programme y répond\u00a0: Journée d'apprentissage du Pacifique",
        "asked": "Vous avez demandé\u00a0: Les règles des médias sociaux au travail",
        "surveys": "/fr/evenements/gerer/{slug}/sondages/",
        "results": "Les besoins ont-ils été comblés\u202f?",
        "tools": "Le fonctionnement réel des outils",
        "under": "Insuffisamment comblé",
        "uncovered": "Demandés et non couverts",
    },
}


@pytest.fixture
def draft_day():
    organizer = UserFactory(full_name="Olivia Singh")
    event = EventFactory(
        slug="pacific-learning-day",
        title_en="Pacific Learning Day",
        title_fr="Journée d'apprentissage du Pacifique",
        status=Event.Status.DRAFT,
        organizers=[organizer],
    )
    SessionFactory(event=event, title_en="Opening keynote", title_fr="Conférence d'ouverture")
    consultation = services.create_consultation(
        event=event,
        topics=[
            {"en": WORDS["en"]["need"], "fr": WORDS["fr"]["need"]},
            {"en": "How the tools work", "fr": "Le fonctionnement des outils"},
        ],
    )
    return organizer, event, consultation


@pytest.mark.parametrize("language, locale", [("en", "en-CA"), ("fr", "fr-CA")])
def test_an_agenda_made_from_the_needs_is_published_and_the_respondent_is_told(
    visitor_factory, draft_day, language, locale
):
    organizer, event, consultation = draft_day
    words = WORDS[language]
    respondent = UserFactory(full_name="Rémi Respondent", preferred_language=language)
    consult(consultation, respondent, [0], "A worry I keep to myself")
    v = visitor_factory(f"needs-publish-{language}", locale=locale)
    v.sign_in(organizer)
    builder = words["builder"].format(slug=event.slug)
    turn_into_session(v, event, builder, words["need"], words["add"], "15:00", "16:00", words["done"])
    v.goto(builder)
    v.page.get_by_role("button", name=words["publish"], exact=True).click()
    expect(v.page.get_by_role("button", name=re.compile("Unpublish|Retirer"))).to_be_visible()
    v.check("published")
    email = OutboundEmail.objects.get(kind=OutboundEmail.Kind.NEEDS_AGENDA_PUBLISHED)
    assert (email.recipient, email.language, email.subject) == (respondent, language, words["subject"])
    assert words["need"] in email.body_text and "A worry" not in email.body_text
    # The respondent follows the email's link to the agenda, which says what they asked for.
    agenda_url = re.search(r"https?://\S+/(?:agenda|programme)/", email.body_text).group(0)
    reader = visitor_factory(f"needs-notice-{language}", locale=locale)
    reader.goto(re.sub(r"^https?://[^/]+", "", agenda_url))
    expect(reader.page.get_by_text(words["asked"])).to_be_visible()
    reader.check("agenda from the notice")


@pytest.mark.parametrize("language, locale", [("en", "en-CA"), ("fr", "fr-CA")])
def test_after_the_day_the_organizer_reads_the_results_per_need(visitor_factory, language, locale):
    past = make_past_event(title_en="Learning Day 2026", title_fr="Journée d'apprentissage 2026")
    words = WORDS[language]
    v = visitor_factory(f"needs-results-{language}", locale=locale)
    v.sign_in(past["organizer"])
    v.goto(words["surveys"].format(slug=past["event"].slug))
    v.page.get_by_role("link", name=words["results"]).first.click()
    expect(v.page.get_by_role("heading", level=1)).to_contain_text(words["results"])
    row = v.page.get_by_role("row").filter(has_text=words["tools"])
    expect(row).to_be_visible()
    expect(v.page.get_by_role("heading", name=words["uncovered"])).to_be_visible()
    expect(v.page.get_by_role("cell", name=words["under"])).to_be_visible()
    for person in past["people"]:
        expect(v.page.get_by_text(person.full_name)).to_have_count(0)
    v.check("needs results")
