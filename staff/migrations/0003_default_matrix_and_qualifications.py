from django.db import migrations


def create_defaults(apps, schema_editor):
    from staff.defaults import seed

    seed(apps)


class Migration(migrations.Migration):
    dependencies = [("staff", "0002_records_training_appraisal_raci_conduct")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
