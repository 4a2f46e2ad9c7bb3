"""The retention schedule's row (SEC-27) with the defaults; admins edit it afterwards."""

from django.db import migrations


def create_defaults(apps, schema_editor):
    from clients.defaults import seed_retention

    seed_retention(apps)


class Migration(migrations.Migration):
    dependencies = [("clients", "0006_support_revisits_privacy")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
