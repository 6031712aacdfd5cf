"""French is never second: the venue, speakers' affiliations and organizers' messages in both languages.

Nothing is lost: the venue and the affiliation keep their text as the English value (pages in French show
it, marked as English, until someone writes the French). A message already sent keeps its subject and
body in the language its sender reads the portal in (the best sign of the language it was written in);
the other language stays empty.
"""

from django.db import migrations, models
from django.db.models import Q


def messages_to_their_language(apps, schema_editor):
    OrganizerMessage = apps.get_model("events", "OrganizerMessage")
    written_in_french = OrganizerMessage.objects.filter(sent_by__preferred_language="fr")
    for message in written_in_french.only("pk", "subject_en", "body_en"):
        OrganizerMessage.objects.filter(pk=message.pk).update(
            subject_fr=message.subject_en, body_fr=message.body_en, subject_en="", body_en=""
        )


def messages_back_to_one_language(apps, schema_editor):
    """Before: one subject and body, kept in the _en columns that become them again."""
    OrganizerMessage = apps.get_model("events", "OrganizerMessage")
    for message in OrganizerMessage.objects.filter(subject_en=""):
        OrganizerMessage.objects.filter(pk=message.pk).update(
            subject_en=message.subject_fr, body_en=message.body_fr
        )


def venue_and_affiliation_back_to_one_language(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    SessionSpeaker = apps.get_model("events", "SessionSpeaker")
    Event.objects.filter(venue_en="").update(venue_en=models.F("venue_fr"))
    SessionSpeaker.objects.filter(affiliation_en="").update(affiliation_en=models.F("affiliation_fr"))


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0005_surveys_move_to_their_app"),
        ("members", "0001_initial"),
    ]

    operations = [
        # The venue.
        migrations.RenameField(model_name="event", old_name="venue", new_name="venue_en"),
        migrations.AlterField(
            model_name="event",
            name="venue_en",
            field=models.CharField(
                blank=True,
                help_text="For example: Vancouver, British Columbia. Leave both empty for an online event.",
                max_length=300,
                verbose_name="venue (English)",
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="venue_fr",
            field=models.CharField(
                blank=True,
                help_text="For example: Vancouver (Colombie-Britannique).",
                max_length=300,
                verbose_name="venue (French)",
            ),
        ),
        # Speakers' affiliations.
        migrations.RenameField(model_name="sessionspeaker", old_name="affiliation", new_name="affiliation_en"),
        migrations.AlterField(
            model_name="sessionspeaker",
            name="affiliation_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="affiliation (English)"),
        ),
        migrations.AddField(
            model_name="sessionspeaker",
            name="affiliation_fr",
            field=models.CharField(blank=True, max_length=200, verbose_name="affiliation (French)"),
        ),
        migrations.RunPython(migrations.RunPython.noop, venue_and_affiliation_back_to_one_language),
        # Organizers' messages.
        migrations.RenameField(model_name="organizermessage", old_name="subject", new_name="subject_en"),
        migrations.RenameField(model_name="organizermessage", old_name="body", new_name="body_en"),
        migrations.AlterField(
            model_name="organizermessage",
            name="subject_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="subject (English)"),
        ),
        migrations.AlterField(
            model_name="organizermessage",
            name="body_en",
            field=models.TextField(blank=True, verbose_name="message (English)"),
        ),
        migrations.AddField(
            model_name="organizermessage",
            name="subject_fr",
            field=models.CharField(blank=True, max_length=200, verbose_name="subject (French)"),
        ),
        migrations.AddField(
            model_name="organizermessage",
            name="body_fr",
            field=models.TextField(blank=True, verbose_name="message (French)"),
        ),
        migrations.RunPython(messages_to_their_language, messages_back_to_one_language),
        migrations.AddConstraint(
            model_name="organizermessage",
            constraint=models.CheckConstraint(
                condition=~Q(subject_en="") | ~Q(subject_fr=""), name="events_message_has_a_subject"
            ),
        ),
    ]
