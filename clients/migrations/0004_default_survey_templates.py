"""The standard's survey templates (service quality, deliverable quality, team) and the
settings row; admins edit them afterwards, and this never overwrites them."""

from django.db import migrations


def create_defaults(apps, schema_editor):
    from clients.defaults import seed

    seed(apps)


class Migration(migrations.Migration):
    dependencies = [("clients", "0003_complaints_surveys_consents")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
