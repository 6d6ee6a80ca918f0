from django.db import migrations, models

from sangkien.core.text import fold


def fold_existing(apps, schema_editor):
    Demand = apps.get_model("initiatives", "Demand")
    for demand in Demand.objects.all():
        demand.public_text_folded = fold(f"{demand.title} {demand.problem} {demand.outcome}")
        demand.save(update_fields=["public_text_folded"])


class Migration(migrations.Migration):

    dependencies = [
        ("initiatives", "0003_initiative_screening_checks"),
    ]

    operations = [
        migrations.AddField(
            model_name="demand",
            name="public_text_folded",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fold_existing, migrations.RunPython.noop),
    ]
