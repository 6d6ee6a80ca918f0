"""Load the 34 provinces and 3,321 communes/wards from the installed package (no network)."""

from django.db import migrations


def load(apps, schema_editor):
    from sangkien.geo.loader import load_places

    load_places(apps.get_model("geo", "Province"), apps.get_model("geo", "Ward"))


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
