"""Needs shape the agenda: the builder's Needs panel (counts from the rows, anonymity, constant queries),
turning a need into a session, linking and unlinking sessions, and "You asked for" on the public pages."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from events import pagecache
from events.models import Event, Session
from surveys import needs, services
from surveys.models import Answer, SessionNeed, Survey
from tests.events.factories import EventFactory, SessionFactory, at
from tests.factories import UserFactory
from tests.helpers import assert_constant_queries, page_text

pytestmark = pytest.mark.django_db

TOPICS = [
    {
        "en": "Rules for using social media at work",
        "fr": "Les règles d'utilisation des médias sociaux au travail",
    },
    {"en": "Its business value", "fr": "Sa valeur pour l'organisation"},
    {"en": "How the tools work", "fr": "Le fonctionnement des outils"},
]


@pytest.fixture
def consultation(world):
    survey = services.create_consultation(event=world["event"], topics=TOPICS)
    Survey.objects.filter(pk=survey.pk).update(
        opens_at=timezone.now() - dt.timedelta(days=1), closes_at=timezone.now() + dt.timedelta(days=7)
    )
    survey.refresh_from_db()
    return survey


def answer(survey, topics, text="", **member_fields):
    member = UserFactory(**member_fields)
    multiple, free = list(survey.questions.order_by("position"))
    services.save_response(
        survey=survey,
        member=member,
        answers=[(multiple, None, list(topics)), (free, None, text)],
        language=member.preferred_language,
    )
    return member


@pytest.fixture
def answered(consultation):
    people = [
        answer(consultation, [0, 2], "Can I reply to the public from my own account?", region="pacific",
               position="manager", full_name="Wendy Secret", email="wendy.secret@tc.gc.ca"),
        answer(consultation, [0], "Qui approuve nos publications\u202f?", region="quebec", position="manager",
               preferred_language="fr"),
        answer(consultation, [1, 2], "", region="pacific", position="executive"),
        answer(consultation, [], "Accessibility of videos we post.", region="ncr", position="supervisor"),
    ]  # fmt: skip
    return people


def builder(event):
    return reverse("events:builder", args=[event.slug])


def test_panel_counts_match_the_answers_in_the_database(world, consultation, answered):
    panel = needs.needs_panel(consultation)
    question = needs.topics_question(consultation)
    stored = {
        n: Answer.objects.filter(question=question, choices__contains=[n]).count() for n in range(len(TOPICS))
    }
    assert {need.choice: need.count for need in panel.needs} == stored == {0: 2, 1: 1, 2: 2}
    assert [need.choice for need in panel.needs] == [0, 2, 1]  # ranked, ties in the consultation's order
    assert panel.respondents == 4
    first = panel.needs[0]
    assert first.regions == [("Pacific", 1), ("Quebec", 1)]
    assert first.levels == [("Manager", 2)]
    assert [c.text for c in first.comments] == [
        "Can I reply to the public from my own account?",
        "Qui approuve nos publications\u202f?",
    ]
    assert [c.language for c in first.comments] == ["en", "fr"]
    assert [c.text for c in panel.other_comments] == ["Accessibility of videos we post."]
    assert all(not need.answered for need in panel.needs)


def test_builder_shows_the_needs_without_a_name(client, world, consultation, answered):
    client.force_login(world["users"]["organizer"])
    page = client.get(builder(world["event"])).content.decode()
    text = page_text(page)
    assert "Rules for using social media at work" in text
    assert "Chosen by 2 respondents" in text
    assert "Can I reply to the public from my own account?" in text
    assert text.count("Not yet answered") == 3
    assert "Wendy" not in page and "wendy.secret" not in page


def test_builder_queries_do_not_grow_with_respondents_and_sessions(client, world, consultation, answered):
    client.force_login(world["users"]["organizer"])
    event = world["event"]

    def grow():
        for n in range(6):
            answer(consultation, [n % 3, 1], f"Need number {n}", region="atlantic", position="other")
            session = SessionFactory(event=event, title_en=f"Extra {n}", starts_at=at(event, 15 + n % 2))
            needs.link_session_to_need(survey=consultation, choice=n % 3, session=session)

    assert_constant_queries(client, builder(event), grow)


def test_turn_a_need_into_a_session_prefills_both_languages_and_links_once(client, world, consultation):
    client.force_login(world["users"]["organizer"])
    event = world["event"]
    url = reverse("surveys:need_session", args=[event.slug, consultation.pk, 0])
    form = client.get(url).context["form"]
    assert form.initial["title_en"] == "Rules for using social media at work"
    assert form.initial["title_fr"] == "Les règles d'utilisation des médias sociaux au travail"
    assert "needs consultation" in form.initial["description_en"]
    assert "consultation sur les besoins" in form.initial["description_fr"]
    data = {
        **{k: form.initial[k] for k in ("title_en", "title_fr", "description_en", "description_fr")},
        "kind": "workshop", "day": event.start_date.isoformat(), "starts": "15:00", "ends": "16:00",
        "room": "", "language": "bilingual", "capacity": "25", "submission": form["submission"].value(),
    }  # fmt: skip
    first = client.post(url, data)
    second = client.post(url, data)  # sent twice
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == builder(event)
    made = Session.objects.get(event=event, title_en="Rules for using social media at work")
    assert list(SessionNeed.objects.values_list("question__survey", "choice", "session")) == [
        (consultation.pk, 0, made.pk)
    ]
    text = page_text(client.get(builder(event)).content.decode())
    assert text.count("Not yet answered") == 2 and text.count("Answered by:") == 1


def test_link_and_unlink_are_idempotent_and_touch_the_event(client, world, consultation):
    client.force_login(world["users"]["organizer"])
    event, session = world["event"], world["workshop"]
    url = reverse("surveys:need_link", args=[event.slug, consultation.pk, 2])
    before = Event.objects.get(pk=event.pk).updated_at
    assert client.post(url, {"session": session.pk}).status_code == 302
    assert client.post(url, {"session": session.pk}).status_code == 302
    assert SessionNeed.objects.filter(session=session, choice=2).count() == 1
    assert Event.objects.get(pk=event.pk).updated_at > before
    unlink = reverse("surveys:need_unlink", args=[event.slug, consultation.pk, 2])
    assert client.post(unlink, {"session": session.pk}).status_code == 302
    assert client.post(unlink, {"session": session.pk}).status_code == 302
    assert not SessionNeed.objects.exists()


def test_a_session_of_another_event_is_refused_with_a_message(client, world, consultation):
    client.force_login(world["users"]["organizer"])
    event = world["event"]
    elsewhere = SessionFactory(event=EventFactory(), title_en="Elsewhere")
    response = client.post(
        reverse("surveys:need_link", args=[event.slug, consultation.pk, 0]), {"session": elsewhere.pk}
    )
    assert response.status_code == 400
    assert "Only a session of this event can answer its needs." in response.content.decode()
    response = client.post(
        reverse("surveys:need_link", args=[event.slug, consultation.pk, 0]), {"session": "x"}
    )
    assert response.status_code == 400
    assert "Choose a session of this event." in response.content.decode()
    assert not SessionNeed.objects.exists()


def test_a_topic_of_another_survey_or_event_is_not_found(client, world, consultation):
    client.force_login(world["users"]["organizer"])
    event, session = world["event"], world["workshop"]
    other = services.create_consultation(
        event=EventFactory(organizers=[world["users"]["organizer"]]), topics=TOPICS
    )
    for pk, choice in [(other.pk, 0), (consultation.pk, 3), (world["survey"].pk, 0)]:
        url = reverse("surveys:need_link", args=[event.slug, pk, choice])
        assert client.post(url, {"session": session.pk}).status_code == 404
        assert client.get(reverse("surveys:need_session", args=[event.slug, pk, choice])).status_code == 404
    assert not SessionNeed.objects.exists()


@pytest.mark.parametrize("role, status", [("member", 404), ("other_organizer", 404), ("visitor", 302)])
def test_only_organizers_act_on_needs(client, world, consultation, role, status):
    if world["users"][role]:
        client.force_login(world["users"][role])
    event, session = world["event"], world["workshop"]
    for name in ("need_link", "need_unlink", "need_session"):
        url = reverse(f"surveys:{name}", args=[event.slug, consultation.pk, 0])
        assert client.post(url, {"session": session.pk}).status_code == status
    assert not SessionNeed.objects.exists()
    assert not Session.objects.filter(title_en=TOPICS[0]["en"]).exists()


def test_the_public_agenda_says_what_was_asked_for_and_filters_by_need(client, world, consultation):
    event, session = world["event"], world["workshop"]
    pagecache.pages.clear()
    agenda = reverse("events:agenda", args=[event.slug])
    assert "You asked for" not in client.get(agenda).content.decode()  # now cached for visitors
    needs.link_session_to_need(survey=consultation, choice=0, session=session)
    text = page_text(client.get(agenda).content.decode())
    assert "You asked for: Rules for using social media at work" in text  # never the stale page
    question = needs.topics_question(consultation)
    filtered = page_text(client.get(agenda, {"need": f"{question.pk}-0"}).content.decode())
    assert "Strategy" in filtered and "Opening keynote" not in filtered
    with translation.override("fr"):
        french = reverse("events:agenda", args=[event.slug])
        session_url = reverse("events:session", args=[event.slug, session.pk])
    text = page_text(client.get(french).content.decode())
    assert "Vous avez demandé : Les règles d'utilisation des médias sociaux au travail" in text
    assert "Vous avez demandé" in page_text(client.get(session_url).content.decode())


def test_changing_the_topics_drops_their_links(world, consultation):
    needs.link_session_to_need(survey=consultation, choice=1, session=world["workshop"])
    Survey.objects.filter(pk=consultation.pk).update(opens_at=None, closes_at=None)
    question = needs.topics_question(consultation)
    services.update_question(
        question=question, kind="multiple", text_en=question.text_en, choices=list(reversed(TOPICS))
    )
    assert not SessionNeed.objects.exists()
