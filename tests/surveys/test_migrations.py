"""The models moved from events to surveys by state-only migrations: every row stays, both ways.

(Checked by hand too, on a database holding the demo data: see the surveys 0001 migration's docstring.)
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from surveys import links, services
from surveys.models import Answer, Question, Response, Survey
from tests.events.factories import EventFactory, SessionFactory, at
from tests.factories import UserFactory


def latest(app):
    """The app's last migration: events' later ones (0006…) come back with every return to AFTER."""
    return next(
        node for node in MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes() if node[0] == app
    )


BEFORE = [("surveys", None)]  # unapplies events 0005 and surveys 0001: the models back in events
BEFORE_STATE = [("events", "0004_reminders_and_surveys")]
MOVED = [("surveys", "0001_initial"), latest("events")]
AFTER = [latest("surveys"), latest("events")]  # 0002 and every later migration (the tests end there)
# Columns added after the move (0004: the respondent's region and level), absent from the older states.
LATER_COLUMNS = {"region", "level"}
TABLES = ["events_survey", "events_question", "events_response", "events_answer"]


def migrate(targets, state):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(state).apps


def rows():
    with connection.cursor() as cursor:
        found = {}
        for table in TABLES:
            cursor.execute(f"SELECT * FROM {table} ORDER BY id")  # noqa: S608 (table names are constants)
            kept = [n for n, column in enumerate(cursor.description) if column.name not in LATER_COLUMNS]
            found[table] = [tuple(row[n] for n in kept) for row in cursor.fetchall()]
        return found


@pytest.mark.django_db(transaction=True)
def test_moving_the_survey_models_keeps_every_row_both_ways():
    event = EventFactory()
    consultation = services.create_consultation(event=event, topics=[{"en": "A"}, {"en": "B"}])
    services.open_survey(survey=consultation)
    member = UserFactory()
    services.save_response(
        survey=consultation, member=member, answers=[(consultation.questions.first(), None, [1])]
    )
    saved = rows()
    try:
        old = migrate(BEFORE, BEFORE_STATE)
        assert rows() == saved
        assert old.get_model("events", "Survey").objects.get().title_en == consultation.title_en
        assert old.get_model("events", "Answer").objects.get().choices == [1]
        assert ContentType.objects.filter(app_label="events", model="survey").exists()
    finally:
        migrate(AFTER, AFTER)
    assert rows() == saved
    assert (Survey.objects.count(), Question.objects.count(), Response.objects.count()) == (1, 2, 1)
    assert Answer.objects.get().choices == [1]
    assert Response.objects.get().respondent_key == links.respondent_key(consultation, member)
    assert ContentType.objects.get_for_model(Survey).app_label == "surveys"
    assert not ContentType.objects.filter(app_label="events", model="survey").exists()


@pytest.mark.django_db(transaction=True)
def test_unopened_feedback_surveys_with_the_computed_window_follow_the_agenda_after_0002():
    computed, chosen, answered = EventFactory(), EventFactory(), EventFactory()
    for event in (computed, chosen, answered):
        SessionFactory(event=event, starts_at=at(event, 9), ends_at=at(event, 10))
        services.ensure_feedback_survey(event)
    # as the old code stored them: last session's end + 2 hours, for 14 days
    Survey.objects.filter(event__in=[computed, answered]).update(
        opens_at=at(computed, 12), closes_at=at(computed, 12, day=14)
    )
    Survey.objects.filter(event=chosen).update(opens_at=at(chosen, 13), closes_at=at(chosen, 13, day=14))
    survey = Survey.objects.get(event=answered)
    Response.objects.create(survey=survey, respondent_key="k" * 64)
    try:
        migrate(MOVED, MOVED)
        migrate(AFTER, AFTER)
        windows = dict(Survey.objects.values_list("event_id", "opens_at"))
        assert windows == {computed.pk: None, chosen.pk: at(chosen, 13), answered.pk: at(computed, 12)}
        migrate(MOVED, MOVED)  # reversed: written down again
        assert Survey.objects.get(event=computed).window() == (at(computed, 12), at(computed, 12, day=14))
    finally:
        migrate(AFTER, AFTER)
