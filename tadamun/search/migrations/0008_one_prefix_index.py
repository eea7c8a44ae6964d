import importlib

from django.db import migrations

# Searches ask for a prefix only for words of four letters or more (analyse.py,
# MIN_PREFIX_LENGTH), and FTS5 uses a prefix index only for a prefix of its very length:
# the indexes of prefixes of 2 and 3 letters were written for every token and never read.
# The index keeps the prefixes of 4 (ADR 0016); going back makes it as 0006 did.
POSTINGS_ONLY = importlib.import_module("tadamun.search.migrations.0006_postings_only")
SQLITE = [
    statement.replace("prefix='2 3 4'", "prefix='4'") for statement in POSTINGS_ONLY.SQLITE
]
assert sum("prefix='4'" in statement for statement in SQLITE) == 1


def _one_prefix(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement)


def _three_prefixes(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in POSTINGS_ONLY.SQLITE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0007_derived_without_constraints")]

    operations = [migrations.RunPython(_one_prefix, _three_prefixes)]
