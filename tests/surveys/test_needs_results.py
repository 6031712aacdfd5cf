"""After the day, were the needs met: the results per need (asked, attended, ratings, comments) checked
against the rows in PostgreSQL, organizers only and without a name; the respondents told once when the
agenda that answers them is published; unmet needs carried into a copy's consultation and suggested to
the hosting community once."""

import csv
import datetime as dt
import io

import pytest
from django.core import mail
from django.db.models import Avg, Count
from django.urls import reverse
from django.utils import timezone, translation

from communities.models import Thread
from events.models import Event, Registration, Session
from events.services import agenda
from events.services.registration import recount_places
from nmc_portal.emails import send_recorded_emails
from nmc_portal.models import OutboundEmail
from surveys import needs, needs_followups, needs_results, services, tasks
from surveys.models import Answer, NeedsSuggestion, Response, SessionNeed, Survey
from tests.events.factories import EventFactory, SessionFactory, workshop
from tests.factories import UserFactory
from tests.helpers import assert_constant_queries, page_text
from tests.surveys.needs_helpers import TOPICS, attend, consult, make_past_event, rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def past():
    return make_past_event()


def results_url(past):
    return reverse("surveys:needs_results", args=[past["event"].slug, past["consultation"].pk])


def test_counts_match_the_rows_in_postgresql(past):
    found = {need.choice: need for need in needs_results.needs_results(past["consultation"]).needs}
    question = needs.topics_question(past["consultation"])
    for choice in range(len(TOPICS)):
        asked = Answer.objects.filter(question=question, choices__contains=[choice]).count()
        assert found[choice].asked == asked
    assert [found[n].asked for n in range(4)] == [2, 2, 3, 1]
    event, s = past["event"], past["sessions"]
    checked_in = Registration.objects.filter(event=event, checked_in_at__isnull=False)
    # Rules: a keynote (everyone checked in) and a workshop: every checked-in registration.
    assert found[0].attended == checked_in.count() == 4
    # Value: the strategy workshop only, confirmed and checked in (Zoe never came).
    in_strategy = checked_in.filter(choices__session=s["strategy"], choices__status="confirmed")
    assert found[1].attended == in_strategy.distinct().count() == 1
    for choice, sessions in ((0, [s["keynote"], s["policy"]]), (1, [s["strategy"]])):
        stored = Answer.objects.filter(
            question__survey=past["feedback"], question__kind="session_rating", session__in=sessions
        ).aggregate(count=Count("pk"), average=Avg("rating"))
        assert found[choice].ratings == stored["count"]
        assert found[choice].average == round(stored["average"], 1)
    assert (found[0].ratings, found[0].average) == (5, 3.8)
    assert (found[1].ratings, found[1].average) == (2, 1.5)
    assert [c.text for c in found[0].comments] == ["The policy workshop made the rules clear."]
    assert [(c.text, c.language) for c in found[2].comments] == [
        ("Les outils\u00a0: trop peu de temps.", "fr")
    ]
    assert found[1].comments == found[3].comments == []


def test_under_served_and_uncovered_needs(past):
    results = needs_results.needs_results(past["consultation"])
    by_choice = {need.choice: need for need in results.needs}
    assert not by_choice[0].under_served  # 4 attended, 2 asked; rated 3.8
    assert by_choice[1].low_attendance and by_choice[1].under_served  # 1 attended, 2 asked
    assert [need.choice for need in results.uncovered] == [2, 3]
    assert [need.choice for need in results.unmet] == [2, 1, 3]  # ranked by how many asked
    assert results.final and results.ended and results.respondents == 4


def test_the_page_shows_the_figures_to_organizers_without_a_name(client, past):
    client.force_login(past["organizer"])
    response = client.get(results_url(past))
    assert response.status_code == 200
    page = response.content.decode()
    text = page_text(page)
    assert "Were the needs met?" in text
    assert "Under-served" in text and "fewer attended than asked" in text and "Not covered" in text
    assert "How the tools actually work: asked for by 3 people" in text
    assert "The policy workshop made the rules clear." in text
    assert 'lang="fr" data-typed>Les outils' in page
    for person in past["people"]:
        assert person.full_name not in page and person.email not in page
    # The needs consultation's own results and CSV export name nobody either.
    consultation = past["consultation"]
    csv_url = reverse("surveys:results_csv", args=[past["event"].slug, consultation.pk])
    for url in (reverse("surveys:results", args=[past["event"].slug, consultation.pk]), csv_url):
        body = client.get(url).content.decode()
        for person in past["people"]:
            assert person.full_name not in body and person.email not in body
    rows = list(csv.reader(io.StringIO(client.get(csv_url).content.decode("utf-8-sig"))))
    assert len(rows) > 1


def test_the_page_escapes_what_people_typed(client, past):
    feedback, member = past["feedback"], UserFactory()
    rate(feedback, member, {}, ["<script>alert('rules')</script> the rules"])
    client.force_login(past["organizer"])
    page = client.get(results_url(past)).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_before_the_event_ends_the_page_says_when(client, past):
    event = past["event"]
    Event.objects.filter(pk=event.pk).update(
        start_date=timezone.localdate() + dt.timedelta(days=10),
        end_date=timezone.localdate() + dt.timedelta(days=10),
        status=Event.Status.PUBLISHED,
    )
    for session in Session.objects.filter(event=event):
        Session.objects.filter(pk=session.pk).update(
            starts_at=session.starts_at + dt.timedelta(days=40),
            ends_at=session.ends_at + dt.timedelta(days=40),
        )
    client.force_login(past["organizer"])
    text = page_text(client.get(results_url(past)).content.decode())
    assert "The event is not over yet" in text and "Under-served" not in text


@pytest.mark.parametrize("role, status", [("member", 404), ("other_organizer", 404), ("visitor", 302)])
def test_only_the_event_organizers_see_the_results(client, past, role, status):
    users = {"member": UserFactory(), "other_organizer": UserFactory(), "visitor": None}
    EventFactory(organizers=[users["other_organizer"]])
    if users[role]:
        client.force_login(users[role])
    assert client.get(results_url(past)).status_code == status
    feedback_url = reverse("surveys:needs_results", args=[past["event"].slug, past["feedback"].pk])
    client.force_login(past["organizer"])
    assert client.get(feedback_url).status_code == 404  # a feedback survey has no needs


def test_the_results_page_queries_do_not_grow(client, past):
    client.force_login(past["organizer"])
    event, s = past["event"], past["sessions"]

    def grow():
        for n in range(5):
            member = UserFactory()
            consult(past["consultation"], member, [n % 4, 2], f"Need number {n}")
            extra = workshop(event, 15, title_en=f"Extra {n}", title_fr=f"Extra {n}")
            needs.link_session_to_need(survey=past["consultation"], choice=n % 4, session=extra)
            attend(event, member, [extra])
            rate(past["feedback"], member, {extra: 4, s["keynote"]: 5}, [f"The tools, part {n}"])
        recount_places(events=Event.objects.filter(pk=event.pk))

    assert_constant_queries(client, results_url(past), grow)


def test_the_survey_pages_link_to_the_results(client, past):
    client.force_login(past["organizer"])
    url = results_url(past)
    assert url in client.get(reverse("surveys:list", args=[past["event"].slug])).content.decode()
    results = reverse("surveys:results", args=[past["event"].slug, past["consultation"].pk])
    assert url in client.get(results).content.decode()
    assert url in client.get(reverse("events:dashboard", args=[past["event"].slug])).content.decode()


# Publishing the agenda tells the respondents, once ----------------------------------------------


@pytest.fixture
def draft():
    organizer = UserFactory()
    event = EventFactory(organizers=[organizer], status=Event.Status.DRAFT)
    talk = SessionFactory(event=event, title_en="Rules talk", title_fr="Exposé sur les règles")
    consultation = services.create_consultation(event=event, topics=TOPICS)
    people = {
        "en": UserFactory(full_name="Ann English", preferred_language="en"),
        "fr": UserFactory(full_name="Béa Français", preferred_language="fr"),
        "off": UserFactory(full_name="Otto Optout", needs_answered=False),
        "gone": UserFactory(full_name="Gina Gone", is_active=False),
    }
    consult(consultation, people["en"], [0], "A secret worry about my manager")
    consult(consultation, people["fr"], [2])
    consult(consultation, people["off"], [0])
    consult(consultation, people["gone"], [0])
    UserFactory(full_name="Nina Nonrespondent")
    return {"event": event, "organizer": organizer, "talk": talk, "consultation": consultation, **people}


def test_publishing_tells_each_respondent_once_in_their_language(draft):
    needs.link_session_to_need(survey=draft["consultation"], choice=0, session=draft["talk"])
    needs.link_session_to_need(survey=draft["consultation"], choice=1, session=draft["talk"])
    assert not Response.objects.filter(member__isnull=False).exists()  # anonymous: no link to anyone
    agenda.publish_event(event=draft["event"])
    agenda.unpublish_event(event=draft["event"])
    agenda.publish_event(event=draft["event"])  # published twice: still one email each
    emails = OutboundEmail.objects.filter(kind=OutboundEmail.Kind.NEEDS_AGENDA_PUBLISHED)
    assert {(e.recipient_id, e.language) for e in emails} == {(draft["en"].pk, "en"), (draft["fr"].pk, "fr")}
    assert emails.count() == 2
    assert {e.object_key for e in emails} == {f"needs-agenda:{draft['consultation'].pk}"}
    english = emails.get(recipient=draft["en"])
    french = emails.get(recipient=draft["fr"])
    assert english.subject.startswith("You asked, the agenda answers")
    assert "Rules and policies for social media at work" in english.body_text
    assert "The business value of social media" in english.body_text
    assert "How the tools actually work" not in english.body_text  # no session answers it
    assert french.subject.startswith("Vous l'avez demandé")
    assert "Les règles et politiques des médias sociaux au travail" in french.body_text
    assert "/fr/" in french.body_text and "/en/" in english.body_text
    for email in emails:  # nothing of anyone's answers
        assert "secret worry" not in email.body_text + email.body_html
    send_recorded_emails([english.pk, french.pk])  # what the worker does after the commit
    sent = {message.to[0]: message for message in mail.outbox}
    assert sent[draft["fr"].email].subject == french.subject
    assert sent[draft["fr"].email].extra_headers["Content-Language"] == "fr"
    assert set(sent) == {draft["en"].email, draft["fr"].email}


def test_an_agenda_that_answers_no_need_sends_nothing(draft):
    agenda.publish_event(event=draft["event"])
    assert not OutboundEmail.objects.filter(kind=OutboundEmail.Kind.NEEDS_AGENDA_PUBLISHED).exists()


def test_a_respondent_of_a_named_consultation_is_told_too(draft):
    Survey.objects.filter(pk=draft["consultation"].pk).update(
        anonymous=False, opens_at=timezone.now() - dt.timedelta(days=1)
    )
    draft["consultation"].refresh_from_db()
    late = UserFactory(preferred_language="fr")
    question, _free = list(draft["consultation"].questions.order_by("position"))
    services.save_response(
        survey=draft["consultation"], member=late, answers=[(question, None, [0])], language="fr"
    )
    needs.link_session_to_need(survey=draft["consultation"], choice=0, session=draft["talk"])
    agenda.publish_event(event=draft["event"])
    assert OutboundEmail.objects.filter(
        kind=OutboundEmail.Kind.NEEDS_AGENDA_PUBLISHED, recipient=late, language="fr"
    ).exists()


# Copying the event and the hosting community --------------------------------------------------------


def test_copy_as_next_year_carries_the_unmet_needs(past):
    event = past["event"]
    copy = agenda.copy_event(
        event=event, new_start=event.start_date + dt.timedelta(days=365), by=past["organizer"]
    )
    consultation = Survey.objects.get(event=copy, kind=Survey.Kind.NEEDS)
    topics = needs.topics_question(consultation).choices
    assert topics == [TOPICS[2], TOPICS[1], TOPICS[3]]  # not covered, under-served, not covered
    assert not consultation.has_opened() and consultation.anonymous
    assert Survey.objects.filter(event=event, kind=Survey.Kind.NEEDS).count() == 1  # the original is kept


def test_copying_an_event_whose_needs_were_met_adds_no_consultation(past):
    SessionNeed.objects.all().delete()
    Answer.objects.filter(question__survey=past["consultation"]).delete()
    copy = agenda.copy_event(event=past["event"], new_start=dt.date(2040, 1, 1), by=past["organizer"])
    assert not Survey.objects.filter(event=copy).exists()


def test_the_community_gets_the_unmet_needs_once(past):
    event = past["event"]
    assert needs_followups.suggest_unmet_needs() == 1
    assert needs_followups.suggest_unmet_needs() == 0  # a second tick
    assert needs_followups.suggest_to_community(event) is None  # or a direct second call
    suggestion = NeedsSuggestion.objects.get(event=event)
    thread = Thread.objects.get(community=event.community)
    assert suggestion.thread == thread and thread.author == past["organizer"]
    assert thread.title.startswith("Needs still to meet after")
    assert "Besoins encore à combler" in thread.title
    for topic in (TOPICS[2], TOPICS[1], TOPICS[3]):
        assert topic["en"] in thread.body and topic["fr"] in thread.body
    assert TOPICS[0]["en"] not in thread.body
    assert 'lang="fr"' in thread.body_html
    for person in past["people"]:
        assert person.full_name not in thread.body


def test_the_community_waits_until_the_feedback_survey_closes(past):
    Survey.objects.filter(pk=past["feedback"].pk).update(closes_at=timezone.now() + dt.timedelta(days=2))
    assert needs_followups.suggest_unmet_needs() == 0
    assert not NeedsSuggestion.objects.exists() and not Thread.objects.exists()
    later = timezone.now() + dt.timedelta(days=3)
    assert needs_followups.suggest_unmet_needs(now=later) == 1
    assert Thread.objects.count() == 1


def test_the_page_in_french(client, past):
    client.force_login(past["organizer"])
    with translation.override("fr"):
        url = reverse("surveys:needs_results", args=[past["event"].slug, past["consultation"].pk])
    response = client.get(url)
    assert response.status_code == 200  # the French guards (wording, typography) pass
    text = page_text(response.content.decode())
    assert "Les besoins ont-ils été comblés" in text and "Insuffisamment comblé" in text
    assert "Le fonctionnement réel des outils : demandé par 3 personnes" in text


def test_members_choose_these_emails_in_their_profile(client):
    member = UserFactory()
    client.force_login(member)
    form = client.get(reverse("members:profile_edit")).context["form"]
    assert form["needs_answered"].value() is True
    assert "Tell me when an agenda answers a needs consultation" in str(form["needs_answered"].label)


def test_the_beat_job_suggests_once_and_a_day_with_every_need_met_gets_no_discussion(past):
    other = make_past_event()
    SessionNeed.objects.filter(question__survey=other["consultation"]).delete()
    Answer.objects.filter(question__survey=other["consultation"]).delete()  # nobody asked for anything
    first = tasks.run_followups_task()
    second = tasks.run_followups_task()
    assert (first["needs_suggested"], second["needs_suggested"]) == (2, 0)
    assert NeedsSuggestion.objects.get(event=other["event"]).thread is None
    assert NeedsSuggestion.objects.get(event=past["event"]).thread is not None
    assert Thread.objects.filter(title__startswith="Needs still to meet").count() == 1
