"""The survey demo: last year's learning day ships its feedback with results, the forum its open
consultation; loading twice creates nothing more."""

import pytest

from events import demo as events_demo
from members import demo as members_demo
from surveys import demo, needs, needs_results, results
from surveys.models import Answer, Response, SessionNeed, Survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_data(db):
    members_demo.load()
    events_demo.load()
    demo.load()


def test_demo_load_twice_creates_no_duplicates(demo_data):
    answers = Answer.objects.count()
    events_demo.load()
    demo.load()
    assert (Response.objects.count(), Answer.objects.count()) == (31 + 36 + 34, answers)
    assert Survey.objects.count() == 4
    assert SessionNeed.objects.count() == 9 + 5


def test_demo_past_learning_day_ships_feedback_with_results(demo_data):
    survey = Survey.objects.get(event__slug="social-media-learning-day-2026", kind="feedback")
    outcome = results.results_for(survey)
    assert (outcome.responses, outcome.invited, outcome.rate) == (31, 48, 65)
    assert outcome.questions[0].average is not None
    assert len(outcome.questions[1].sessions) == 9  # the keynote, plenary and panel, and six workshops
    assert outcome.questions[2].comments
    consultation = Survey.objects.get(event__slug="national-managers-forum-2027", kind="needs")
    assert consultation.is_open()


def test_demo_learning_day_needs_are_answered_by_its_sessions(demo_data):
    survey = Survey.objects.get(event__slug="social-media-learning-day-2027", kind="needs")
    panel = needs.needs_panel(survey)
    assert [need.label for need in panel.needs][0].startswith("Rules and policies")
    assert panel.respondents == 36
    assert all(need.answered for need in panel.needs)
    titles = {s.title_en for need in panel.needs for s in need.sessions}
    kinds = sorted(s.kind for need in panel.needs for s in need.sessions)
    assert len(titles) == 9 and kinds.count("workshop") == 6
    texts = [c.text for need in panel.needs for c in need.comments] + [c.text for c in panel.other_comments]
    assert len(texts) == len(set(texts)) == 11
    assert {c.language for need in panel.needs for c in need.comments} == {"en", "fr"}


def test_demo_last_years_results_show_one_need_under_served(demo_data):
    survey = Survey.objects.get(event__slug="social-media-learning-day-2026", kind="needs")
    found = needs_results.needs_results(survey)
    assert found.ended and found.final and found.respondents == 34
    assert [need.topic["en"] for need in found.needs if need.under_served] == ["How the tools actually work"]
    tools = next(need for need in found.needs if need.under_served)
    assert tools.attended < tools.asked and tools.comments
    assert not found.uncovered
    feedback = Answer.objects.filter(response__survey=found.feedback, question__kind="text")
    texts = list(feedback.values_list("text", flat=True))
    assert len(texts) == len(set(texts))  # no comment written twice
    assert set(feedback.values_list("response__language", flat=True)) == {"en", "fr"}
