from django.db import migrations, models

# The notes the portal wrote itself, in whichever language the person saving had: Revision.note now
# says them in each reader's language.
FIRST_VERSION = ["First version", "Première version"]
RESTORED = ["Restored revision {}", "Révision {} restaurée"]


def blank_the_portals_notes(apps, schema_editor):
    Revision = apps.get_model("learning", "Revision")
    Revision.objects.filter(number=1, restored_from=None, change_note__in=FIRST_VERSION).update(change_note="")
    for revision in Revision.objects.exclude(restored_from=None).only("restored_from", "change_note"):
        if revision.change_note in [note.format(revision.restored_from) for note in RESTORED]:
            revision.change_note = ""
            revision.save(update_fields=["change_note"])


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0002_comment_reports_and_inline_search_vector"),
    ]

    operations = [
        migrations.AlterField(
            model_name="revision",
            name="change_note",
            field=models.CharField(blank=True, max_length=300, verbose_name="what changed"),
        ),
        migrations.RunPython(blank_the_portals_notes, migrations.RunPython.noop),
    ]
