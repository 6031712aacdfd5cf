"""The moderation log refuses UPDATE and DELETE in PostgreSQL itself.

save()/delete() refuse in Python; this trigger also stops queryset.update(), queryset.delete(),
the admin and raw SQL. TRUNCATE (used only by test database flushes) is not a row event.
"""

from django.db import migrations

FORWARD = """
CREATE FUNCTION communities_moderationlog_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The moderation log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER communities_moderationlog_append_only
    BEFORE UPDATE OR DELETE ON communities_moderationlog
    FOR EACH ROW EXECUTE FUNCTION communities_moderationlog_refuse_change();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS communities_moderationlog_append_only ON communities_moderationlog;
DROP FUNCTION IF EXISTS communities_moderationlog_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [("communities", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
