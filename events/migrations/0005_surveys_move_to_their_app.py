"""Survey, Question, Response and Answer moved to the surveys app (surveys 0001).

State only: the tables (events_survey, events_question, events_response, events_answer) stay where they
are, with their rows and constraint names; the surveys models name them in Meta.db_table.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0004_reminders_and_surveys"),
        ("surveys", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Answer"),
                migrations.DeleteModel(name="Response"),
                migrations.DeleteModel(name="Question"),
                migrations.DeleteModel(name="Survey"),
            ],
            database_operations=[],
        ),
    ]
