"""Seat counters kept in the event and session rows (a seat is taken by a conditional UPDATE of the row,
not by counting under a lock), filled from the rows they count before their CHECK constraints are added.

An event or workshop whose organizers lowered its capacity below the seats already given keeps those
seats: its capacity is raised to them (nobody loses a seat), so the constraint holds.
"""

from django.conf import settings
from django.db import migrations, models

FILL_COUNTERS = """
UPDATE events_event e SET
    confirmed_count = (SELECT count(*) FROM events_registration r WHERE r.event_id = e.id AND r.status = 'confirmed'),
    waitlist_count = (SELECT coalesce(max(r.waitlist_position), 0) FROM events_registration r WHERE r.event_id = e.id);
UPDATE events_session s SET
    confirmed_count = (SELECT count(*) FROM events_workshopchoice c WHERE c.session_id = s.id AND c.status = 'confirmed'),
    waitlist_count = (SELECT coalesce(max(c.waitlist_position), 0) FROM events_workshopchoice c WHERE c.session_id = s.id);
UPDATE events_event SET capacity = confirmed_count WHERE capacity < confirmed_count;
UPDATE events_session SET capacity = confirmed_count WHERE capacity < confirmed_count;
-- Run the deferred checks these UPDATEs queued now: ALTER TABLE (the constraints below) refuses a table
-- with pending trigger events. Then back to Django's INITIALLY DEFERRED.
SET CONSTRAINTS ALL IMMEDIATE;
SET CONSTRAINTS ALL DEFERRED;
"""


class Migration(migrations.Migration):

    dependencies = [
        ('communities', '0003_articles'),
        ('events', '0009_event_and_session_search_vectors'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='event',
            name='confirmed_count',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='event',
            name='waitlist_count',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='session',
            name='confirmed_count',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='session',
            name='waitlist_count',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunSQL(FILL_COUNTERS, migrations.RunSQL.noop),
        migrations.AddConstraint(
            model_name='event',
            constraint=models.CheckConstraint(condition=models.Q(('capacity__isnull', True), ('confirmed_count__lte', models.F('capacity')), _connector='OR'), name='events_event_never_oversold'),
        ),
        migrations.AddConstraint(
            model_name='session',
            constraint=models.CheckConstraint(condition=models.Q(('capacity__isnull', True), ('confirmed_count__lte', models.F('capacity')), _connector='OR'), name='events_session_never_oversold'),
        ),
    ]
