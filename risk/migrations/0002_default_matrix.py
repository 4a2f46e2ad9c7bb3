"""Standard data of the risk app: levels, the 3 × 4 matrix with the RSK-3 strategy table,
the five categories, identification checklists and emergency plans (risk/defaults.py, also
re-seeded by ``RiskConfig.seed_defaults``)."""

from django.db import migrations


def create_defaults(apps, schema_editor):
    from risk.defaults import seed

    seed(apps)


class Migration(migrations.Migration):
    dependencies = [("risk", "0001_risk_register")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
