"""The default cooperative needs diagnostic, published, so that a fresh installation can
fill one in at once (tadamun/diagnostics/default_questionnaire.py holds its text)."""

from django.db import migrations


def default_add(apps, schema_editor):
    from tadamun.diagnostics.default_questionnaire import install

    install(
        *(
            apps.get_model("diagnostics", name)
            for name in (
                "Questionnaire",
                "QuestionnaireVersion",
                "VersionTransition",
                "Section",
                "Question",
                "Choice",
            )
        )
    )


class Migration(migrations.Migration):
    dependencies = [("diagnostics", "0001_initial")]

    operations = [migrations.RunPython(default_add, migrations.RunPython.noop)]
