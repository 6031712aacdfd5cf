"""Results maths (averages, distributions, ranked choices, session averages, response rate), the SVG
chart geometry, and the CSV export: anonymous exports name nobody, and no cell runs as a formula."""

import csv
import io

import pytest
from django.utils import translation

from events.services import registration as signups
from surveys import results, services
from surveys.models import Survey
from tests.events.factories import RegistrationFactory
from tests.factories import UserFactory
from tests.surveys.helpers import answer_data, link

pytestmark = pytest.mark.django_db


def test_results_maths_on_a_fixed_set(world):
    survey, event = world["survey"], world["event"]
    questions = {q.kind: q for q in survey.questions.all()}
    keynote = event.sessions.get(title_en="Opening keynote")
    ratings = [5, 4, 4, 3, 1]
    for n, rating in enumerate(ratings):
        member = UserFactory()
        signups.register(event=event, member=member)
        answers = [
            (questions["rating"], None, rating),
            (questions["session_rating"], keynote, 6 - rating),
            (questions["multiple"], None, [0, 3] if n % 2 == 0 else [3]),
        ]
        services.save_response(survey=survey, member=member, answers=answers)
    outcome = results.results_for(survey)
    assert (outcome.responses, outcome.invited, outcome.rate) == (5, 6, 83)
    overall = outcome.questions[0]
    assert (overall.answered, overall.average) == (5, 3.4)
    assert [(b.label, b.count, b.percent) for b in overall.chart.bars] == [
        ("1", 1, 20),
        ("2", 0, 0),
        ("3", 1, 20),
        ("4", 2, 40),
        ("5", 1, 20),
    ]
    assert [b.length for b in overall.chart.bars] == [150.0, 0, 150.0, 300.0, 150.0]
    per_session = outcome.questions[1].sessions
    assert [(s.title, s.answered, s.average) for s in per_session] == [("Opening keynote", 5, 2.6)]
    topics = outcome.questions[4]
    assert [(b.label, b.count, b.percent) for b in topics.chart.bars][:2] == [
        ("Client service", 5, 100),
        ("Leadership and managing teams", 3, 60),
    ]  # ranked, the most wanted first


def test_results_of_a_survey_nobody_answered_are_empty_not_an_error(world):
    outcome = results.results_for(world["survey"])
    assert (outcome.responses, outcome.invited, outcome.rate) == (0, 1, 0)
    overall = outcome.questions[0]
    assert (overall.answered, overall.average) == (0, None)
    assert [(b.count, b.percent, b.length) for b in overall.chart.bars] == [(0, 0, 0)] * 5
    assert outcome.questions[1].sessions == []
    assert outcome.questions[2].comments == []


def test_response_rate_counts_confirmed_registrations_only(world):
    event, survey = world["event"], world["survey"]
    RegistrationFactory(event=event, status="cancelled")
    RegistrationFactory(event=event, status="waitlisted", waitlist_position=1)
    services.save_response(survey=survey, member=world["member"], answers=[])
    outcome = results.results_for(survey)
    assert (outcome.responses, outcome.invited, outcome.rate) == (1, 1, 100)


def test_results_of_a_needs_consultation_have_no_response_rate(world):
    consultation = services.create_consultation(event=world["event"], topics=[{"en": "A"}, {"en": "B"}])
    assert results.results_for(consultation).invited is None
    assert results.results_for(consultation).rate is None


def test_session_averages_per_session_in_agenda_order_on_a_scale_of_5(world):
    survey, event = world["survey"], world["event"]
    question = survey.questions.get(kind="session_rating")
    keynote = event.sessions.get(title_en="Opening keynote")
    strategy = world["workshop"]
    for keynote_rating, strategy_rating in [(5, 2), (4, None), (2, 3)]:
        member = UserFactory()
        signups.register(event=event, member=member)
        answers = [(question, keynote, keynote_rating), (question, strategy, strategy_rating)]
        services.save_response(survey=survey, member=member, answers=answers)
    result = results.results_for(survey).questions[1]
    assert [(s.title, s.answered, s.average) for s in result.sessions] == [
        ("Opening keynote", 3, 3.67),
        ("Strategy", 2, 2.5),
    ]
    assert [(b.label, b.count, b.length) for b in result.averages_chart.bars] == [
        ("Opening keynote", 3.67, 220.2),
        ("Strategy", 2.5, 150.0),
    ]
    assert [(b.count, b.percent) for b in result.sessions[1].chart.bars] == [
        (0, 0),
        (1, 50),
        (1, 50),
        (0, 0),
        (0, 0),
    ]


def test_single_choice_percentages_are_of_those_who_answered_it(world):
    survey, event = world["survey"], world["event"]
    single = survey.questions.get(kind="single")
    for choice in [0, 0, 2, None]:
        member = UserFactory()
        signups.register(event=event, member=member)
        services.save_response(survey=survey, member=member, answers=[(single, None, choice)])
    result = results.results_for(survey).questions[5]
    assert result.answered == 3
    assert [(b.label, b.count, b.percent) for b in result.chart.bars] == [
        ("Yes", 2, 67),
        ("Maybe", 0, 0),
        ("No", 1, 33),
    ]  # a single choice keeps its order; only multiple choice is ranked


def test_free_text_comments_keep_their_order_and_skip_blanks(world):
    survey, event = world["survey"], world["event"]
    useful = survey.questions.filter(kind="text").first()
    for text, language in [("Les ateliers", "fr"), ("   ", "en"), ("The panel", "en")]:
        member = UserFactory()
        signups.register(event=event, member=member)
        services.save_response(
            survey=survey, member=member, answers=[(useful, None, text)], language=language
        )
    assert [(c.text, c.language) for c in results.results_for(survey).questions[2].comments] == [
        ("Les ateliers", "fr"),
        ("The panel", "en"),
    ]


def test_results_in_french_label_the_choices_in_french(world):
    survey, member = world["survey"], world["member"]
    multiple = survey.questions.get(kind="multiple")
    services.save_response(survey=survey, member=member, answers=[(multiple, None, [2])])
    with translation.override("fr"):
        outcome = results.results_for(survey)
    assert (
        outcome.questions[4].text
        == "Quels sujets aimeriez-vous voir aux prochains événements d'apprentissage\u202f?"
    )
    assert outcome.questions[4].chart.bars[0].label == "Mieux-être et santé mentale"


def test_chart_bars_are_scaled_to_the_largest_count_and_labels_shortened():
    chart = results.Chart(
        "t", [results.Bar("A very long label that does not fit at all", 2, 0), results.Bar("B", 4, 0)]
    )
    assert [(b.length, b.value_x, b.y) for b in chart.bars] == [(150.0, 356.0, 0), (300.0, 506.0, 28)]
    assert chart.height == 56
    assert chart.bars[0].short_label == "A very long label that do…"


def csv_export(client, world):
    client.force_login(world["users"]["organizer"])
    survey = world["survey"]
    response = client.get(f"/en/events/manage/{world['event'].slug}/surveys/{survey.pk}/results.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="{world["event"].slug}-survey-{survey.pk}.csv"'
    )
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def test_csv_export_neutralises_a_formula_typed_as_an_answer(client, world):
    data, _questions, _ = answer_data(world["survey"], text='=HYPERLINK("http://evil.example","Click")')
    client.post(link(world), data)
    rows = csv_export(client, world)
    useful = rows[0].index("What was the most useful part?")
    assert rows[1][useful] == """'=HYPERLINK("http://evil.example","Click")"""


def test_anonymous_csv_export_has_no_name_email_key_or_date(client, world):
    data, questions, _ = answer_data(world["survey"], text="Très utile")
    data[f"q{questions['session_rating'].pk}_s{world['workshop'].pk}"] = 5
    client.post(link(world), data)
    rows = csv_export(client, world)
    assert rows[0] == [
        "Response",
        "Language",
        "Overall, how would you rate the event?",
        "How useful was each session? – Strategy",
        "What was the most useful part?",
        "What should we improve?",
        "Which topics would you like future learning events to cover?",
        "Would you recommend this event to a colleague?",
    ]
    assert rows[1] == [
        "1",
        "en",
        "4",
        "5",
        "Très utile",
        "",
        "Leadership and managing teams; Wellness and mental health",
        "Yes",
    ]


def test_named_csv_export_says_who_answered_and_when(client, world):
    Survey.objects.filter(pk=world["survey"].pk).update(anonymous=False)
    data, _questions, _ = answer_data(world["survey"])
    client.post(link(world), data)
    rows = csv_export(client, world)
    assert rows[0][:5] == ["Response", "Name", "Email", "Language", "Last changed"]
    assert rows[1][:4] == ["1", "Amélie Côté", "amelie.cote@tc.gc.ca", "en"]
    assert len(rows[1][4]) == len("2030-01-15 12:00")
