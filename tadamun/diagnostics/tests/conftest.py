"""The default questionnaire (installed by the migrations), people of Nador and Le Kef,
an organisation, and helpers to answer a diagnostic."""

import pytest

from tadamun.diagnostics.default_questionnaire import SLUG
from tadamun.diagnostics.models import Question, Questionnaire, QuestionnaireVersion
from tadamun.people.tests.conftest import record


@pytest.fixture
def default_version(db) -> QuestionnaireVersion:
    return Questionnaire.objects.get(slug=SLUG, mechanism__isnull=True).versions.get()


@pytest.fixture
def fatima(nador, amina):
    return record(nador, amina, "فاطمة الزهراء بنعلي", gender="woman", birth_year=1990)


@pytest.fixture
def mongi(le_kef, sami):
    return record(le_kef, sami, "Mongi Ben Salah", gender="man", birth_year=1970)


@pytest.fixture
def cooperative(db):
    from tadamun.directory.tests.factories import ActorFactory

    return ActorFactory.create(
        name_fr="Coopérative Tifaout", name_ar="تعاونية تيفاوت", place="MA-NAD"
    )


def questions_of(version, dimension=None):
    questions = Question.objects.filter(section__version=version).prefetch_related("choices")
    if dimension:
        questions = questions.filter(dimension=dimension)
    return list(questions.order_by("section__position", "position"))


def best(question):
    """The answer worth the question's full points."""
    choices = list(question.choices.all())
    if question.kind in ("single", "yes_no"):
        return max(choices, key=lambda c: c.points).pk
    if question.kind == "multiple":
        return [c.pk for c in choices]
    if question.kind == "scale":
        return 5
    if question.kind == "number":
        return "100"
    return "Une réponse libre"


def worst(question):
    choices = list(question.choices.all())
    if question.kind in ("single", "yes_no"):
        return min(choices, key=lambda c: c.points).pk
    if question.kind == "multiple":
        return [min(choices, key=lambda c: c.points).pk]
    if question.kind == "scale":
        return 1
    if question.kind == "number":
        return "0"
    return "—"


def answers(version, pick, dimensions=None) -> dict:
    """{question id: pick(question)} of the scored questions of `dimensions` (all if None)."""
    return {
        q.pk: pick(q)
        for q in questions_of(version)
        if q.dimension and (dimensions is None or q.dimension in dimensions)
    }
