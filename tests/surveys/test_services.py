"""Survey services: the feedback template, consultations, opening and closing, which edits are allowed
when, and one response per person that a later answer replaces."""

import datetime as dt

import pytest
from django.utils import timezone

from nmc_portal.errors import DomainError
from surveys import links, services
from surveys.models import Answer, Question, Response, Survey
from tests.events.factories import EventFactory, SessionFactory, at
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TOPICS = [{"en": "Coaching", "fr": "Coaching"}, {"en": "Budgets", "fr": "Budgets"}]


@pytest.fixture
def consultation():
    return services.create_consultation(event=EventFactory(), topics=TOPICS)


def refused(call, **kwargs):
    with pytest.raises(DomainError) as caught:
        call(**kwargs)
    return caught.value


def test_create_consultation_asks_the_topics_and_stays_closed(consultation):
    questions = [(q.kind, q.required, q.choices) for q in consultation.questions.all()]
    assert questions == [("multiple", True, TOPICS), ("text", False, [])]
    assert (consultation.kind, consultation.anonymous, consultation.window()) == ("needs", True, (None, None))
    assert not consultation.is_open()


def test_create_consultation_without_topics_is_refused_on_the_topics_field():
    error = refused(services.create_consultation, event=EventFactory(), topics=[])
    assert (error.message, error.field) == ("List at least one topic.", "topics")


def test_open_survey_opens_now_and_keeps_a_later_closing(consultation):
    now = timezone.now()
    Survey.objects.filter(pk=consultation.pk).update(closes_at=now + dt.timedelta(days=3))
    survey = services.open_survey(survey=consultation, now=now)
    assert (survey.opens_at, survey.closes_at) == (now, now + dt.timedelta(days=3))
    assert services.open_survey(survey=survey, now=now + dt.timedelta(hours=1)).opens_at == now  # idempotent


def test_open_survey_after_it_closed_reopens_without_an_end(consultation):
    now = timezone.now()
    Survey.objects.filter(pk=consultation.pk).update(
        opens_at=now - dt.timedelta(days=2), closes_at=now - dt.timedelta(days=1)
    )
    survey = services.open_survey(survey=consultation, now=now)
    assert (survey.opens_at, survey.closes_at) == (now, None)


def test_open_survey_without_questions_is_refused(consultation):
    consultation.questions.all().delete()
    assert refused(services.open_survey, survey=consultation).message == (
        "Add a question before opening the survey."
    )


def test_close_survey_closes_now_and_a_closed_one_is_refused(consultation):
    now = timezone.now()
    services.open_survey(survey=consultation, now=now - dt.timedelta(hours=1))
    survey = services.close_survey(survey=consultation, now=now)
    assert survey.closes_at == now
    assert (
        refused(services.close_survey, survey=survey, now=now).message == "Only an open survey can be closed."
    )


def test_close_survey_that_follows_its_event_keeps_its_opening():
    event = EventFactory(start_date=timezone.localdate() - dt.timedelta(days=1))
    SessionFactory(event=event, starts_at=at(event, 9), ends_at=at(event, 10))
    survey = services.ensure_feedback_survey(event)
    now = timezone.now()
    survey = services.close_survey(survey=survey, now=now)
    assert (survey.opens_at, survey.closes_at) == (at(event, 12), now)


def test_update_survey_refuses_a_closing_before_the_opening(consultation):
    now = timezone.now()
    error = refused(services.update_survey, survey=consultation, opens_at=now, closes_at=now)
    assert (error.message, error.field) == ("The survey must close after it opens.", "closes_at")


def test_update_survey_refuses_to_change_anonymity_once_answered(consultation):
    services.open_survey(survey=consultation)
    services.save_response(
        survey=consultation, member=UserFactory(), answers=[(consultation.questions.first(), None, [0])]
    )
    error = refused(services.update_survey, survey=consultation, anonymous=False)
    assert (error.message, error.field) == (
        "People have answered: the survey can no longer change its anonymity.",
        "anonymous",
    )
    assert services.update_survey(survey=consultation, anonymous=True, title_en="Still yours").title_en == (
        "Still yours"
    )


def test_questions_change_before_opening_and_are_numbered_after_the_last(consultation):
    question = services.add_question(
        survey=consultation, kind="single", text_en="Venue?", choices=[{"en": "Good"}, {"en": "Bad"}]
    )
    assert question.position == 2
    text = services.add_question(survey=consultation, kind="text", text_en="Why?", choices=[{"en": "x"}])
    assert text.choices == []  # only choice questions keep choices
    services.update_question(question=question, kind="rating", text_en="Venue, 1 to 5?", choices=TOPICS)
    question.refresh_from_db()
    assert (question.kind, question.text_en, question.choices) == ("rating", "Venue, 1 to 5?", [])
    services.remove_question(question=text)
    assert not Question.objects.filter(pk=text.pk).exists()


def test_a_choice_question_needs_two_choices(consultation):
    error = refused(
        services.add_question, survey=consultation, kind="multiple", text_en="Which?", choices=[{"en": "A"}]
    )
    assert (error.message, error.field) == (
        "A choice question needs at least two choices, one a line.",
        "choices",
    )


def test_questions_are_frozen_once_the_survey_opens(consultation):
    services.open_survey(survey=consultation)
    question = consultation.questions.first()
    message = "The survey has opened: its questions can no longer change."
    assert refused(services.add_question, survey=consultation, kind="text", text_en="New?").message == message
    assert (
        refused(services.update_question, question=question, kind="text", text_en="Other?").message == message
    )
    assert refused(services.remove_question, question=question).message == message


def test_save_response_replaces_the_answers_of_the_same_person(consultation):
    services.open_survey(survey=consultation)
    member = UserFactory()
    topics, other = consultation.questions.all()
    services.save_response(
        survey=consultation, member=member, answers=[(topics, None, ["1", "0"]), (other, None, "Finance")]
    )
    response = services.save_response(
        survey=consultation, member=member, answers=[(topics, None, [1]), (other, None, "")], language="fr"
    )
    assert Response.objects.filter(survey=consultation).count() == 1
    assert (response.language, response.member_id) == ("fr", None)  # anonymous: no link to the member
    assert response.respondent_key == links.respondent_key(consultation, member)
    assert [(a.question_id, a.choices, a.text) for a in Answer.objects.filter(response=response)] == [
        (topics.pk, [1], "")
    ]


def test_save_response_keeps_the_member_when_the_survey_is_named(consultation):
    Survey.objects.filter(pk=consultation.pk).update(anonymous=False)
    services.open_survey(survey=consultation)
    member = UserFactory()
    response = services.save_response(
        survey=consultation, member=member, answers=[(consultation.questions.first(), None, [0])]
    )
    assert response.member == member


def test_save_response_to_a_closed_survey_is_refused_and_changes_nothing(consultation):
    now = timezone.now()
    services.open_survey(survey=consultation, now=now - dt.timedelta(days=1))
    member = UserFactory()
    topics = consultation.questions.first()
    services.save_response(survey=consultation, member=member, answers=[(topics, None, [0])])
    services.close_survey(survey=consultation, now=now)
    error = refused(services.save_response, survey=consultation, member=member, answers=[(topics, None, [1])])
    assert error.message == "This survey is closed: answers can no longer change."
    assert list(Answer.objects.values_list("choices", flat=True)) == [[0]]


def test_save_response_before_the_survey_opens_is_refused(consultation):
    error = refused(
        services.save_response,
        survey=consultation,
        member=UserFactory(),
        answers=[(consultation.questions.first(), None, [0])],
    )
    assert error.message == "This survey is closed: answers can no longer change."
    assert Response.objects.count() == 0
