"""A past learning day with its needs consultation, check-ins and feedback, for the needs results tests
(tests/surveys/test_needs_results.py, tests/browser/test_needs_results.py)."""

import datetime as dt

from django.utils import timezone

from events.models import Event, Registration, Session, WorkshopChoice
from events.services.registration import recount_places
from surveys import needs, services
from surveys.links import respondent_key
from surveys.models import Answer, Question, Response, Survey
from tests.communities.factories import CommunityFactory
from tests.events.factories import EventFactory, SessionFactory, at, workshop
from tests.factories import UserFactory

TOPICS = [
    {
        "en": "Rules and policies for social media at work",
        "fr": "Les règles et politiques des médias sociaux au travail",
    },
    {"en": "The business value of social media", "fr": "La valeur des médias sociaux pour l'organisation"},
    {"en": "How the tools actually work", "fr": "Le fonctionnement réel des outils"},
    {"en": "Accessibility of what we post", "fr": "L'accessibilité de nos publications"},
]


def consult(survey, member, topics, text=""):
    """A response to the consultation, stored as save_response stores it (anonymous: no member)."""
    question, free = list(survey.questions.order_by("position"))
    response = Response.objects.create(
        survey=survey,
        respondent_key=respondent_key(survey, member),
        language=member.preferred_language,
        region=member.region,
        level=member.position,
    )
    Answer.objects.create(response=response, question=question, choices=list(topics))
    if text:
        Answer.objects.create(response=response, question=free, text=text)
    return response


def attend(event, member, workshops=(), checked_in=True):
    registration = Registration.objects.create(
        event=event,
        user=member,
        status=Registration.Status.CONFIRMED,
        confirmed_at=timezone.now() - dt.timedelta(days=40),
        checked_in_at=at(event, 8, 30) if checked_in else None,
    )
    for session in workshops:
        WorkshopChoice.objects.create(
            registration=registration, session=session, status=WorkshopChoice.Status.CONFIRMED
        )
    return registration


def rate(feedback, member, ratings, texts=()):
    """A feedback response: {session: rating} and free text."""
    questions = {q.kind: q for q in feedback.questions.all()}
    free = [q for q in feedback.questions.all() if q.kind == Question.Kind.TEXT]
    response = Response.objects.create(
        survey=feedback, respondent_key=respondent_key(feedback, member), language=member.preferred_language
    )
    for session, value in ratings.items():
        Answer.objects.create(
            response=response, question=questions["session_rating"], session=session, rating=value
        )
    for question, text in zip(free, texts, strict=False):
        Answer.objects.create(response=response, question=question, text=text)
    return response


def make_past_event(**event_fields):
    """A learning day 30 days ago: keynote (rules), a policy workshop (rules), a strategy workshop
    (value); the tools and accessibility have no session. Its feedback survey closed a week ago."""
    organizer = UserFactory(full_name="Olga Organizer")
    start = timezone.localdate() - dt.timedelta(days=30)
    event = EventFactory(
        organizers=[organizer],
        start_date=start,
        status=Event.Status.COMPLETED,
        community=CommunityFactory(),
        **event_fields,
    )
    keynote = SessionFactory(
        event=event, kind=Session.Kind.KEYNOTE, title_en="Keynote", title_fr="Conférence"
    )
    policy = workshop(event, 13, title_en="Policy workshop", title_fr="Atelier sur les politiques")
    strategy = workshop(event, 13, title_en="Strategy workshop", title_fr="Atelier de stratégie")
    consultation = services.create_consultation(event=event, topics=TOPICS)
    for session, choice in ((keynote, 0), (policy, 0), (strategy, 1)):
        needs.link_session_to_need(survey=consultation, choice=choice, session=session)
    feedback = services.ensure_feedback_survey(event)
    Survey.objects.filter(pk=feedback.pk).update(
        opens_at=timezone.now() - dt.timedelta(days=29), closes_at=timezone.now() - dt.timedelta(days=7)
    )
    feedback.refresh_from_db()
    people = [
        UserFactory(full_name="Wendy Secret", preferred_language="en"),
        UserFactory(full_name="Xavier Caché", preferred_language="fr"),
        UserFactory(full_name="Yan Quiet"),
        UserFactory(full_name="Zoe Absent"),
        UserFactory(full_name="Noah Notconsulted"),
    ]
    wendy, xavier, yan, zoe, noah = people
    consult(consultation, wendy, [0, 2], "Who approves our replies?")
    consult(consultation, xavier, [0, 1, 2], "Qui approuve nos publications?")
    consult(consultation, yan, [2, 3])
    consult(consultation, zoe, [1])
    attend(event, wendy, [policy])
    attend(event, xavier, [strategy])
    attend(event, yan, [policy])
    attend(event, zoe, [strategy], checked_in=False)  # registered, never came
    attend(event, noah, [])
    recount_places(events=Event.objects.filter(pk=event.pk))
    rate(feedback, wendy, {keynote: 5, policy: 4}, ["The policy workshop made the rules clear."])
    rate(feedback, xavier, {keynote: 4, strategy: 2}, ["Les outils\u00a0: trop peu de temps."])
    rate(feedback, yan, {policy: 3}, ["Great coffee."])
    rate(
        feedback,
        noah,
        {strategy: 1, keynote: 3},
        [],
    )
    return {
        "event": event,
        "organizer": organizer,
        "consultation": consultation,
        "feedback": feedback,
        "sessions": {"keynote": keynote, "policy": policy, "strategy": strategy},
        "people": people,
    }
