"""After the day: the hosting community's follow-up discussion, participants invited once, the survey's
highlights added once when it closes."""

import datetime as dt

import pytest
from django.utils import translation

from communities.models import Reply, Thread
from events.models import Registration
from events.services import registration as signups
from nmc_portal.models import OutboundEmail
from surveys import followups, services
from surveys.models import FollowUp
from tests.communities.factories import CommunityFactory
from tests.events.factories import EventFactory, SessionFactory, at
from tests.factories import UserFactory
from tests.learning.factories import make_resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def day():
    community = CommunityFactory(slug="engagement", name_en="Engagement", name_fr="Mobilisation")
    organizer = UserFactory(full_name="Olivia Singh")
    event = EventFactory(
        title_en="Social Media Learning Day",
        title_fr="Journée d'apprentissage sur les médias sociaux",
        community=community,
        organizers=[organizer],
        capacity=3,
    )
    keynote = SessionFactory(
        event=event, title_en="Opening keynote", title_fr="Conférence d'ouverture", starts_at=at(event, 9)
    )
    panel = SessionFactory(
        event=event,
        title_en="Panel on policy",
        title_fr="Panel sur les politiques",
        starts_at=at(event, 14),
        ends_at=at(event, 16),
    )
    make_resource(title_en="Keynote slides", title_fr="Diapositives de la conférence", event=event)
    make_resource(title_en="Members-only notes", audience="members", event=event)
    people = {
        "fr": UserFactory(full_name="Amélie Côté", preferred_language="fr"),
        "en": UserFactory(full_name="Bob Smith", preferred_language="en"),
        "quiet": UserFactory(full_name="Chris Quiet", event_followups=False),
    }
    for member in people.values():
        signups.register(event=event, member=member)
    waitlisted = UserFactory(full_name="Dana Waiting")
    assert signups.register(event=event, member=waitlisted).status == Registration.Status.WAITLISTED
    return {
        "event": event,
        "community": community,
        "organizer": organizer,
        "people": people,
        "waitlisted": waitlisted,
        "sessions": (keynote, panel),
        "ended": at(event, 19),  # three hours after the last session
    }


def invitations():
    return OutboundEmail.objects.filter(kind=OutboundEmail.Kind.EVENT_FOLLOWUP)


def test_when_the_event_ends_the_community_gets_a_bilingual_follow_up_once(day):
    assert followups.run_followups(now=day["ended"] - dt.timedelta(hours=4)) == {
        "started": 0,
        "highlights": 0,
    }
    assert followups.run_followups(now=day["ended"])["started"] == 1
    followups.run_followups(now=day["ended"] + dt.timedelta(minutes=15))  # the next tick: nothing more

    thread = Thread.objects.get()
    assert FollowUp.objects.get().thread == thread
    assert thread.community == day["community"] and thread.author == day["organizer"]
    assert thread.title == (
        "After the day: Social Media Learning Day"
        " · Après la journée\u00a0: Journée d'apprentissage sur les médias sociaux"
    )
    english, french = thread.body_html.split('<div lang="fr">')
    assert english.startswith('<div lang="en">')
    assert "Social Media Learning Day is over, and learning goes on" in english
    assert "Keynote slides" in english and "Diapositives de la conférence" in french
    assert "Members-only notes" not in thread.body_html  # the whole community reads it
    assert "/fr/evenements/" in french and "/en/events/" in english
    assert "The feedback survey is open until" in english or day["event"].surveys.count() == 0


def test_participants_are_invited_once_in_their_language_and_opt_outs_are_respected(day):
    followups.run_followups(now=day["ended"])
    followups.run_followups(now=day["ended"] + dt.timedelta(hours=1))
    sent = {email.recipient.full_name: email for email in invitations()}
    assert set(sent) == {"Amélie Côté", "Bob Smith"}  # not the opted-out, not the waitlisted
    french, english = sent["Amélie Côté"], sent["Bob Smith"]
    assert french.language == "fr" and english.language == "en"
    assert english.subject == "After Social Media Learning Day: the discussion continues"
    assert "Journée d'apprentissage sur les médias sociaux" in french.subject
    thread = Thread.objects.get()
    with translation.override("fr"):
        assert thread.get_absolute_url() in french.body_text
    assert "/fr/communautes/" in french.body_text or "/fr/" in french.body_text
    assert "Mobilisation" in french.body_text and "Engagement" in english.body_text


def answer(survey, member, rating, session_ratings, now):
    questions = {q.kind: q for q in survey.questions.all()}
    rows = [(questions["rating"], None, rating)]
    rows += [(questions["session_rating"], session, value) for session, value in session_ratings]
    services.save_response(survey=survey, member=member, answers=rows, now=now)


def test_the_surveys_highlights_are_added_once_when_it_closes(day):
    survey = services.ensure_feedback_survey(day["event"])
    followups.run_followups(now=day["ended"])
    keynote, panel = day["sessions"]
    during = day["ended"] + dt.timedelta(days=1)
    for member, rating in [(day["people"]["fr"], 5), (day["people"]["en"], 4), (day["people"]["quiet"], 4)]:
        answer(survey, member, rating, [(keynote, rating), (panel, 3)], during)

    assert followups.run_followups(now=during)["highlights"] == 0  # still open
    assert Reply.objects.count() == 0
    closed = survey.window()[1] + dt.timedelta(minutes=1)
    followups.run_followups(now=closed)
    followups.run_followups(now=closed + dt.timedelta(minutes=15))

    reply = Reply.objects.get()
    assert reply.thread == Thread.objects.get() and reply.position == 1
    assert Thread.objects.get().reply_count == 1
    english, french = reply.body_html.split('<div lang="fr">')
    assert "3 responses" in english and "Overall rating: 4.3 out of 5" in english
    assert english.index("Opening keynote") < english.index("Panel on policy")  # 4.3 before 3.0
    assert "3 réponses" in french and "Conférence d&#x27;ouverture – 4,3 sur 5" in french
    assert "Les ateliers" not in reply.body_html  # never a comment
    assert FollowUp.objects.get().highlights_posted_at == closed


def test_too_few_responses_share_nothing(day):
    survey = services.ensure_feedback_survey(day["event"])
    followups.run_followups(now=day["ended"])
    answer(survey, day["people"]["fr"], 2, [], day["ended"] + dt.timedelta(days=1))
    followups.run_followups(now=survey.window()[1] + dt.timedelta(minutes=1))
    assert Reply.objects.count() == 0
    assert FollowUp.objects.get().highlights_posted_at is not None


@pytest.mark.parametrize("case", ["no community", "long ago", "draft"])
def test_no_follow_up_without_a_community_for_old_events_or_drafts(case):
    organizer = UserFactory()
    community = None if case == "no community" else CommunityFactory()
    event = EventFactory(
        community=community,
        organizers=[organizer],
        status="draft" if case == "draft" else "published",
        start_date=dt.date(2026, 1, 10),
    )
    SessionFactory(event=event)
    now = at(event, 20) + dt.timedelta(days=45 if case == "long ago" else 0)
    assert followups.run_followups(now=now)["started"] == 0
    assert not Thread.objects.exists()


def test_a_second_start_does_nothing(day):
    assert followups.start_followup(day["event"], now=day["ended"]) is not None
    assert followups.start_followup(day["event"], now=day["ended"]) is None
    assert Thread.objects.count() == 1 and invitations().count() == 2


def test_the_preference_is_on_the_profile_form_and_in_my_data(client):
    member = UserFactory()
    client.force_login(member)
    page = client.get("/fr/members/profile/").content.decode()
    assert "suivi" in page.lower()
    data = client.get("/en/members/my-data/").json()
    assert data["profile"]["event_followups"] is True
