from django.db import migrations


def load(apps, schema_editor):
    from tadamun.directory.reference import load_vocabularies

    load_vocabularies(
        {
            "LegalForm": apps.get_model("directory", "LegalForm"),
            "Sector": apps.get_model("directory", "Sector"),
        }
    )


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop, elidable=False)]
