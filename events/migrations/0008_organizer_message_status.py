"""Messages get a status: those sent before drafts existed were sent at once (status sent, queued when created)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0007_certificates'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='organizermessage',
            name='queued_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='queued'),
        ),
        # Existing rows take 'sent'; new ones start as drafts.
        migrations.AddField(
            model_name='organizermessage',
            name='status',
            field=models.CharField(choices=[('draft', 'Draft'), ('queued', 'Queued'), ('sending', 'Sending'), ('sent', 'Sent')], default='sent', max_length=10, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='organizermessage',
            name='status',
            field=models.CharField(choices=[('draft', 'Draft'), ('queued', 'Queued'), ('sending', 'Sending'), ('sent', 'Sent')], default='draft', max_length=10, verbose_name='status'),
        ),
        migrations.RunSQL(
            "UPDATE events_organizermessage SET queued_at = created_at WHERE queued_at IS NULL",
            migrations.RunSQL.noop,
        ),
        migrations.AddConstraint(
            model_name='organizermessage',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['draft', 'queued', 'sending', 'sent'])), name='events_message_status_valid'),
        ),
    ]
