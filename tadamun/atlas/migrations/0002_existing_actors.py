"""Put the actors that exist before the Atlas on it."""

from django.db import migrations


def build(apps, schema_editor):
    Actor = apps.get_model("directory", "Actor")
    if Actor.objects.exists():
        from tadamun.atlas.services import atlas_rebuild

        atlas_rebuild()


class Migration(migrations.Migration):
    dependencies = [
        ("atlas", "0001_initial"),
        ("directory", "0003_refresh_vocabularies"),
    ]

    operations = [migrations.RunPython(build, migrations.RunPython.noop)]
