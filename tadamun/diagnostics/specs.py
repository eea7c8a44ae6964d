"""A version's questions as the scoring functions read them (two queries)."""

from tadamun.diagnostics.models import Choice, Question
from tadamun.diagnostics.scoring import ChoiceSpec, QuestionSpec


def version_specs(version_id: int) -> list[QuestionSpec]:
    choices: dict[int, list[ChoiceSpec]] = {}
    rows = Choice.objects.filter(question__section__version=version_id).order_by(
        "question_id", "position", "pk"
    )
    for question_id, pk, points, at_least in rows.values_list(
        "question_id", "pk", "points", "at_least"
    ):
        choices.setdefault(question_id, []).append(ChoiceSpec(pk, points, at_least))
    questions = Question.objects.filter(section__version=version_id).order_by(
        "section__position", "position", "pk"
    )
    return [
        QuestionSpec(pk, kind, dimension, weight, tuple(choices.get(pk, ())))
        for pk, kind, dimension, weight in questions.values_list(
            "pk", "kind", "dimension", "weight"
        )
    ]
