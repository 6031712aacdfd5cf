"""The first version of each privacy notice, in both official languages. Administrators publish later
versions in the Django admin; this migration only ever writes version 1."""

from django.db import migrations

from nmc_portal.privacy_wording import NOTICES, first_version

def create(apps, schema_editor):
    PrivacyNotice = apps.get_model("nmc_portal", "PrivacyNotice")
    for collection in NOTICES:
        PrivacyNotice.objects.get_or_create(collection=collection, version=1, defaults=first_version(collection))


def remove(apps, schema_editor):
    apps.get_model("nmc_portal", "PrivacyNotice").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("nmc_portal", "0007_barrier_reports_retention_privacy_notices")]

    operations = [migrations.RunPython(create, remove)]
