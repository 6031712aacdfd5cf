"""Each member gets a calendar feed key: added empty, filled one by one (a default would give every
existing member the same key), then made required and unique."""

from django.db import migrations, models

import members.models


def fill_tokens(apps, schema_editor):
    User = apps.get_model("members", "User")
    for user in User.objects.filter(calendar_token__isnull=True).only("pk").iterator():
        User.objects.filter(pk=user.pk).update(calendar_token=members.models.new_calendar_token())


class Migration(migrations.Migration):
    dependencies = [("members", "0004_show_events_on_profile")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="calendar_token",
            field=models.CharField(max_length=64, null=True, editable=False),
        ),
        migrations.RunPython(fill_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="calendar_token",
            field=models.CharField(
                default=members.models.new_calendar_token,
                editable=False,
                max_length=64,
                unique=True,
                verbose_name="calendar address key",
            ),
        ),
    ]
